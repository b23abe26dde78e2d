import Foundation

/// Finds stuck or flat-lined sensors: a run of repeated values that is improbable given how
/// often this series repeats a value normally (learned rate p; a run of r repeats has probability pʳ),
/// or a sensor whose point-to-point changes collapsed far below their usual size (flat line with jitter).
struct RepeatTracker: Codable, Sendable, Equatable {
    /// Long-run mean |Δvalue| between consecutive points (learned on normal points only).
    var typicalStep = 0.0
    /// Recent mean |Δvalue| (fast exponential average).
    var recentStep = 0.0
    /// Learned probability that a value equals the previous one.
    var repeatRate = 0.5
    var observed = 0
    /// Repeats in the current run (0 when the last value differed from the one before).
    var run = 0

    /// How suspicious the current run is.
    enum Verdict {
        case normal
        /// Improbable enough (half the stuck evidence) that the point should neither train nor alarm.
        case suspicious
        case stuck
    }

    /// Records `value` and judges the run it belongs to.
    mutating func observe(value: Double, previous: Double?, warming: Bool, configuration: DetectorConfiguration) -> Verdict {
        guard let previous else { return .normal }
        let isRepeat = abs(value - previous) <= configuration.stuckTolerance
        run = isRepeat ? run + 1 : 0
        let evidence = isRepeat && !warming ? improbability(value: value, configuration: configuration) : 0
        let step = abs(value - previous)
        recentStep = observed == 0 ? step : recentStep + 0.2 * (step - recentStep)
        let verdict: Verdict
        if evidence >= 1, let minimum = configuration.stuckMinimumRepeats, run >= minimum {
            verdict = .stuck
        } else if !warming, isFlatLine(value: value, configuration: configuration) {
            verdict = .stuck
        } else if evidence >= 0.5, run >= 2 {
            verdict = .suspicious
        } else {
            verdict = .normal
        }
        if verdict == .normal {
            let rate = max(0.005, 1 / Double(observed + 2))
            repeatRate += rate * ((isRepeat ? 1 : 0) - repeatRate)
            typicalStep += rate * (step - typicalStep)
            observed = min(observed + 1, 1_000_000)
        }
        return verdict
    }

    /// True when recent changes are below `flatLineRatio` of the usual ones (a 20-point average does that).
    private func isFlatLine(value: Double, configuration: DetectorConfiguration) -> Bool {
        guard let ratio = configuration.flatLineRatio, typicalStep > 0, observed >= 20 else { return false }
        if let exempt = configuration.stuckExemptValue, abs(value - exempt) <= max(configuration.stuckTolerance, ratio * typicalStep) {
            return false
        }
        return recentStep < ratio * typicalStep
    }

    /// log(pʳ) / log(stuckProbability): 1 or more means the run is as improbable as a stuck sensor.
    private func improbability(value: Double, configuration: DetectorConfiguration) -> Double {
        guard configuration.stuckMinimumRepeats != nil else { return 0 }
        if let exempt = configuration.stuckExemptValue, abs(value - exempt) <= configuration.stuckTolerance { return 0 }
        let p = min(max(repeatRate, 0.01), 0.999)
        return Double(run) * log10(p) / log10(configuration.stuckProbability)
    }
}

/// Two-sided CUSUM on standardised residuals (clipped, so one spike cannot trigger it) that
/// reports a level shift and its size, the mean of the latest residuals.
struct LevelShiftCUSUM: Codable, Sendable, Equatable {
    var high = 0.0
    var low = 0.0
    /// The latest residuals, newest last; their mean estimates the new level's offset.
    var recentResiduals: [Double] = []

    /// Adds one residual (value − baseline); returns the shift in the series' unit when detected.
    mutating func observe(residual: Double, std: Double, configuration: DetectorConfiguration) -> Double? {
        guard let threshold = configuration.levelShiftThreshold else { return nil }
        let z = min(max(residual / std, -4), 4)
        high = max(0, high + z - configuration.levelShiftSlack)
        low = max(0, low - z - configuration.levelShiftSlack)
        recentResiduals.append(residual)
        if recentResiduals.count > 4 { recentResiduals.removeFirst() }
        guard high > threshold || low > threshold else { return nil }
        // The run that crossed h started before the shift; its last few points sit on the new level.
        let shift = recentResiduals.reduce(0, +) / Double(recentResiduals.count)
        self = LevelShiftCUSUM()
        return shift
    }
}
