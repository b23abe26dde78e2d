/// A forecast of one series: one step per future time, the model behind it and how it was chosen.
///
/// All values are in the unit of the input series. Times are Int64 milliseconds since the Unix epoch, UTC.
public struct Forecast: Sendable, Equatable, Codable {
    /// One entry per future step, oldest first; `steps.count` equals the requested horizon.
    public var steps: [ForecastStep]
    /// The model that produced `steps`, its parameters and why it was chosen.
    public var model: ModelSummary
    /// The seasonal periods found in the data and which of them the model used.
    public var seasonality: SeasonalityReport
    /// Spacing of the regularized series, in milliseconds.
    public var stepMilliseconds: Int64
    /// Rolling-origin evaluation of the chosen model on the last part of the data; nil when the series is too short.
    public var backtest: BacktestReport?
    /// What was done to the raw input before fitting (duplicates merged, gaps filled, values clipped).
    public var preparation: PreparationReport

    public init(
        steps: [ForecastStep], model: ModelSummary, seasonality: SeasonalityReport, stepMilliseconds: Int64,
        backtest: BacktestReport?, preparation: PreparationReport
    ) {
        self.steps = steps
        self.model = model
        self.seasonality = seasonality
        self.stepMilliseconds = stepMilliseconds
        self.backtest = backtest
        self.preparation = preparation
    }
}

/// One forecast time: the mean, the median and the 10th/90th percentiles, plus any requested central intervals.
public struct ForecastStep: Sendable, Equatable, Codable {
    /// Milliseconds since the Unix epoch, UTC.
    public var timeMs: Int64
    public var mean: Double
    public var p10: Double
    public var p50: Double
    public var p90: Double
    /// Central prediction intervals for `ForecastOptions.levels`, in the same order.
    public var intervals: [PredictionInterval]

    public init(timeMs: Int64, mean: Double, p10: Double, p50: Double, p90: Double, intervals: [PredictionInterval]) {
        self.timeMs = timeMs
        self.mean = mean
        self.p10 = p10
        self.p50 = p50
        self.p90 = p90
        self.intervals = intervals
    }
}

/// A central prediction interval: the true value should fall inside `level` percent of the time.
public struct PredictionInterval: Sendable, Equatable, Codable {
    /// Coverage in percent, in (0, 100), e.g. 80 or 95.
    public var level: Double
    public var lower: Double
    public var upper: Double

    public init(level: Double, lower: Double, upper: Double) {
        self.level = level
        self.lower = lower
        self.upper = upper
    }
}

/// The fitted model: a name such as `ETS(M,Ad,M)` or `Theta(OTM)`, its parameters and the reason it was picked.
public struct ModelSummary: Sendable, Equatable, Codable {
    /// Human-readable model name, e.g. `ETS(A,N,A)`, `Theta(DOTM)`, `SeasonalNaive`, `Ensemble(median of 3)`.
    public var name: String
    /// Estimated parameters by name (`alpha`, `beta`, `gamma`, `phi`, `theta`, `sigma`, `drift` …).
    public var parameters: [String: Double]
    /// How the model was chosen.
    public var selection: ModelSelection

    public init(name: String, parameters: [String: Double], selection: ModelSelection) {
        self.name = name
        self.parameters = parameters
        self.selection = selection
    }
}

/// Why a model was chosen: the criterion, its value for the winner and a sentence for people.
public struct ModelSelection: Sendable, Equatable, Codable {
    /// `AICc` (ETS), `MSE` (Theta variants), `ensemble`, `requested` (benchmark models) or `fallback` (constant or tiny series).
    public var criterion: String
    /// The criterion's value for the chosen model (nil for `requested` and `fallback`).
    public var score: Double?
    /// One sentence, e.g. "Lowest AICc (412.3) of 15 candidates."
    public var explanation: String

    public init(criterion: String, score: Double?, explanation: String) {
        self.criterion = criterion
        self.score = score
        self.explanation = explanation
    }
}

/// Seasonal periods, in steps of the regularized series.
public struct SeasonalityReport: Sendable, Equatable, Codable {
    /// Periods whose autocorrelation passed the seasonality test (or the override), shortest first.
    public var detected: [Int]
    /// The period the model itself captured (1 when none).
    public var modelPeriod: Int
    /// Periods removed by classical decomposition before fitting and added back to the forecast.
    public var decomposed: [Int]
    /// True when the caller fixed the period with `ForecastOptions.seasonLength`.
    public var overridden: Bool

    public init(detected: [Int], modelPeriod: Int, decomposed: [Int], overridden: Bool) {
        self.detected = detected
        self.modelPeriod = modelPeriod
        self.decomposed = decomposed
        self.overridden = overridden
    }
}

/// Counts of what data preparation changed.
public struct PreparationReport: Sendable, Equatable, Codable {
    /// Observations received (including missing values).
    public var inputCount: Int
    /// Points of the regularized series used for fitting.
    public var fittedCount: Int
    /// Observations merged into a grid point that already had one (averaged).
    public var duplicatesMerged: Int
    /// Missing grid points inside the series, filled by linear interpolation for fitting.
    public var gapsFilled: Int
    /// Values moved into `ForecastOptions.validRange`.
    public var valuesClipped: Int
    /// True when every value was equal: the forecast is that value with zero-width intervals.
    public var constant: Bool

    public init(inputCount: Int, fittedCount: Int, duplicatesMerged: Int, gapsFilled: Int, valuesClipped: Int, constant: Bool) {
        self.inputCount = inputCount
        self.fittedCount = fittedCount
        self.duplicatesMerged = duplicatesMerged
        self.gapsFilled = gapsFilled
        self.valuesClipped = valuesClipped
        self.constant = constant
    }
}
