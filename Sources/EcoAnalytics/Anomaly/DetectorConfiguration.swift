/// Settings of a ``SeriesDetector``; the defaults suit hourly to minutely environmental series.
///
/// The level adapts in wall-clock time; seasonal and scale rates are per point (or per slot visit).
public struct DetectorConfiguration: Codable, Sendable, Equatable {
    /// Score thresholds for info, warning and critical point anomalies.
    public var thresholds: SeverityThresholds
    /// Points seen before any learned anomaly is reported.
    public var warmupPoints: Int
    /// Time from the first point, in milliseconds, before any learned anomaly is reported.
    public var warmupMs: Int64
    /// Seasonal profiles the detector may choose from; it picks the one that predicts best, or none.
    public var seasonalities: [Seasonality]
    /// Time constant of the level's exponential smoothing, ms: a point Δt after the previous one
    /// moves the level by 1 − exp(−Δt/τ) of its (clipped) error, whatever the sampling rate.
    public var levelTimeConstantMs: Double
    /// Adaptation rate of a seasonal slot each time it is visited.
    public var seasonalRate: Double
    /// Per-point adaptation rate of the robust scale (mean absolute residual).
    public var scaleRate: Double
    /// Residuals are clipped at this many standard deviations before they update the model (Huber).
    public var clipSigmas: Double
    /// Smallest standard deviation used for scoring, in the series' unit (guards quantised or constant data).
    public var minimumStd: Double
    /// CUSUM reference value k, in standard deviations (drift ignored per point).
    public var levelShiftSlack: Double
    /// CUSUM decision threshold h, in standard deviations; nil disables level-shift detection.
    public var levelShiftThreshold: Double?
    /// A run of repeated values is stuck once its probability under the learned repeat rate falls below this.
    public var stuckProbability: Double
    /// Fewest repeats (points equal to the previous one) before a run can be called stuck; nil disables.
    public var stuckMinimumRepeats: Int?
    /// Two values closer than this count as a repeat, in the series' unit.
    public var stuckTolerance: Double
    /// A sensor whose recent mean |Δvalue| falls below this share of its usual one is flat-lined (stuck
    /// with jitter); nil disables.
    public var flatLineRatio: Double?
    /// A value that may legitimately repeat for long (0 for precipitation); runs at it are never stuck.
    public var stuckExemptValue: Double?
    /// A silence longer than this many typical sampling intervals is a gap.
    public var gapIntervals: Double
    /// Fixed gap length in milliseconds; overrides `gapIntervals` when set.
    public var gapMs: Int64?
    /// Physical valid range; values outside are `outOfRange` anomalies and never train the model.
    public var validRange: ValidRange?

    public init(
        thresholds: SeverityThresholds = SeverityThresholds(),
        warmupPoints: Int = 48,
        warmupMs: Int64 = 2 * 86_400_000,
        seasonalities: [Seasonality] = [.daily, .weekly],
        levelTimeConstantMs: Double = 6 * 3_600_000,
        seasonalRate: Double = 0.15,
        scaleRate: Double = 0.02,
        clipSigmas: Double = 3,
        minimumStd: Double = 1e-6,
        levelShiftSlack: Double = 1,
        levelShiftThreshold: Double? = 9,
        stuckProbability: Double = 1e-4,
        stuckMinimumRepeats: Int? = 5,
        stuckTolerance: Double = 0,
        flatLineRatio: Double? = 0.02,
        stuckExemptValue: Double? = nil,
        gapIntervals: Double = 4,
        gapMs: Int64? = nil,
        validRange: ValidRange? = nil
    ) {
        self.thresholds = thresholds
        self.warmupPoints = warmupPoints
        self.warmupMs = warmupMs
        self.seasonalities = seasonalities
        self.levelTimeConstantMs = levelTimeConstantMs
        self.seasonalRate = seasonalRate
        self.scaleRate = scaleRate
        self.clipSigmas = clipSigmas
        self.minimumStd = minimumStd
        self.levelShiftSlack = levelShiftSlack
        self.levelShiftThreshold = levelShiftThreshold
        self.stuckProbability = stuckProbability
        self.stuckMinimumRepeats = stuckMinimumRepeats
        self.stuckTolerance = stuckTolerance
        self.flatLineRatio = flatLineRatio
        self.stuckExemptValue = stuckExemptValue
        self.gapIntervals = gapIntervals
        self.gapMs = gapMs
        self.validRange = validRange
    }
}

/// A repeating pattern the baseline can learn.
public enum Seasonality: String, Codable, Sendable, CaseIterable {
    /// Time of day, 24 hourly slots (UTC).
    case daily
    /// Hour of the week, 168 hourly slots (UTC, weeks start on Thursday 1970-01-01).
    case weekly

    /// Length of one cycle in milliseconds.
    public var periodMs: Int64 { self == .daily ? 86_400_000 : 7 * 86_400_000 }
    /// Number of slots in one cycle.
    public var slotCount: Int { self == .daily ? 24 : 168 }
}

/// A closed physical range with optional ends (nil means unbounded), in the variable's unit.
public struct ValidRange: Codable, Sendable, Equatable {
    public var lower: Double?
    public var upper: Double?

    public init(lower: Double? = nil, upper: Double? = nil) {
        self.lower = lower
        self.upper = upper
    }

    /// True when `value` is inside the range (ends included).
    public func contains(_ value: Double) -> Bool {
        if let lower, value < lower { return false }
        if let upper, value > upper { return false }
        return true
    }
}
