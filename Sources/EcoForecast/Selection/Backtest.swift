/// Rolling-origin evaluation: the model is refitted on the data before each origin and scored on the next
/// `horizon` points; the windows end at the last observation and do not overlap.
public struct BacktestReport: Sendable, Equatable, Codable {
    /// Number of forecast origins.
    public var windows: Int
    public var horizon: Int
    /// Mean absolute error, in the series' unit.
    public var mae: Double
    /// MAE divided by the in-sample MAE of the seasonal naive forecast on each training part
    /// (Hyndman & Koehler 2006); nil when that scale is zero.
    public var mase: Double?
    /// Symmetric MAPE in percent, 200·|y − f| / (|y| + |f|), counting 0/0 as 0.
    public var smape: Double
    /// Share of held-out values inside each central interval, by level in percent.
    public var coverage: [IntervalCoverage]

    public init(windows: Int, horizon: Int, mae: Double, mase: Double?, smape: Double, coverage: [IntervalCoverage]) {
        self.windows = windows
        self.horizon = horizon
        self.mae = mae
        self.mase = mase
        self.smape = smape
        self.coverage = coverage
    }
}

/// Empirical coverage of one interval level.
public struct IntervalCoverage: Sendable, Equatable, Codable {
    /// Nominal level in percent.
    public var level: Double
    /// Fraction of held-out values inside the interval, in [0, 1].
    public var coverage: Double

    public init(level: Double, coverage: Double) {
        self.level = level
        self.coverage = coverage
    }
}

/// Accumulates errors of held-out forecasts.
struct BacktestAccumulator {
    var levels: [Double]
    var windows = 0
    var horizon = 0
    private var absoluteErrors = 0.0
    private var scaledErrors = 0.0
    private var scaledCount = 0
    private var smapeSum = 0.0
    private var count = 0
    private var inside: [Int]

    init(levels: [Double]) {
        self.levels = levels
        inside = [Int](repeating: 0, count: levels.count)
    }

    /// Adds one window: `actual` held-out values, the forecast steps and the training part (for the MASE scale).
    mutating func add(actual: ArraySlice<Double>, steps: [ForecastStep], training: [Double], period: Int) {
        windows += 1
        horizon = steps.count
        let m = training.count > period ? period : 1
        var scale = 0.0
        for index in m..<training.count { scale += abs(training[index] - training[index - m]) }
        scale /= Double(max(training.count - m, 1))
        for (value, step) in zip(actual, steps) {
            let error = abs(value - step.mean)
            absoluteErrors += error
            if scale > 0 {
                scaledErrors += error / scale
                scaledCount += 1
            }
            let denominator = abs(value) + abs(step.mean)
            smapeSum += denominator > 0 ? 200 * error / denominator : 0
            count += 1
            for (index, interval) in step.intervals.enumerated() where value >= interval.lower && value <= interval.upper {
                inside[index] += 1
            }
        }
    }

    var report: BacktestReport? {
        guard count > 0 else { return nil }
        let total = Double(count)
        return BacktestReport(
            windows: windows, horizon: horizon, mae: absoluteErrors / total,
            mase: scaledCount == count ? scaledErrors / total : nil, smape: smapeSum / total,
            coverage: zip(levels, inside).map { IntervalCoverage(level: $0, coverage: Double($1) / total) })
    }
}
