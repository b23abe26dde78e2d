/// Which model family to use.
public enum ForecastModelChoice: String, Sendable, CaseIterable, Codable {
    /// The recommended default: ETS selected and estimated on the in-sample error 1…horizon steps ahead, with
    /// intervals at least as wide as those errors (see docs/forecasting.md).
    case auto
    /// Exponential smoothing state-space models chosen by AICc (AutoETS).
    case ets
    /// Theta: standard, optimized and their dynamic variants, chosen by in-sample MSE (AutoTheta).
    case theta
    /// Seasonal naive: the value one season ago (naive when there is no season).
    case snaive
    /// Naive: the last value.
    case naive
    /// Naive with drift: the line through the first and last values, extended.
    case drift
    /// Median, per step and per quantile, of AutoETS, AutoTheta and seasonal naive (or drift).
    case ensemble
}

/// What to forecast and how.
public struct ForecastOptions: Sendable, Equatable, Codable {
    /// Number of future steps, at least 1.
    public var horizon: Int
    public var model: ForecastModelChoice
    /// Seasonal period in steps; nil detects it from the data; 1 means no seasonality.
    public var seasonLength: Int?
    /// Central interval levels in percent, each in (0, 100). p10/p90 are always reported in addition.
    public var levels: [Double]
    /// Physically possible values (e.g. `0...Double.infinity` for precipitation): inputs and outputs are clipped to it.
    public var validRange: ClosedRange<Double>?
    /// Rolling-origin windows for the reported backtest (0 skips it).
    public var backtestWindows: Int
    /// Seed for the simulated intervals of multiplicative models; equal seeds give equal forecasts.
    public var seed: UInt64

    public init(
        horizon: Int, model: ForecastModelChoice = .auto, seasonLength: Int? = nil, levels: [Double] = [80, 95],
        validRange: ClosedRange<Double>? = nil, backtestWindows: Int = 2, seed: UInt64 = 20_261_123
    ) {
        self.horizon = horizon
        self.model = model
        self.seasonLength = seasonLength
        self.levels = levels
        self.validRange = validRange
        self.backtestWindows = backtestWindows
        self.seed = seed
    }
}
