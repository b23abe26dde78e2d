import Foundation

/// Streaming anomaly detector for one series: feed points in time order with ``score(timeMs:value:)``.
///
/// It learns a level, a time-of-day or hour-of-week profile where the data has one (it keeps a flat,
/// a daily and a weekly baseline and scores with the one that forecasts best), and a robust scale
/// (clipped mean absolute error). Each point costs O(1) time; the whole state is a few hundred
/// numbers, `Codable`, so a server can persist it per series and resume where it left off.
public struct SeriesDetector: Codable, Sendable, Equatable {
    /// The settings this detector was created with.
    public let configuration: DetectorConfiguration
    var models: [BaselineModel]
    /// Valid values learned so far.
    public private(set) var pointCount = 0
    var firstTimeMs: Int64?
    /// Time of the last value received (valid or out of range), ms since the epoch.
    public private(set) var lastTimeMs: Int64?
    var lastValue: Double?
    /// Exponentially smoothed interval between consecutive values, ms; 0 until two values arrived.
    public private(set) var typicalIntervalMs = 0.0
    var gapReported = false
    var repeats = RepeatTracker()
    var cusum = LevelShiftCUSUM()

    /// A fresh detector with no history.
    public init(configuration: DetectorConfiguration = DetectorConfiguration()) {
        self.configuration = configuration
        models = [BaselineModel(seasonality: nil)] + configuration.seasonalities.map { BaselineModel(seasonality: $0) }
    }

    /// True while too few points or too little time has been seen to report learned anomalies.
    public var isWarmingUp: Bool {
        guard let firstTimeMs, let lastTimeMs else { return true }
        return pointCount < configuration.warmupPoints || lastTimeMs - firstTimeMs < configuration.warmupMs
    }

    /// The season the detector currently scores with (nil: flat baseline).
    public var activeSeasonality: Seasonality? { models[bestModelIndex(atMs: lastTimeMs ?? 0)].profile?.seasonality }

    /// Silence longer than this (ms) is a gap; nil until the sampling interval is known.
    public var gapThresholdMs: Int64? {
        if let gapMs = configuration.gapMs { return gapMs }
        guard typicalIntervalMs > 0 else { return nil }
        return Int64(configuration.gapIntervals * typicalIntervalMs)
    }

    /// The model that forecasts `timeMs` with the smallest error; seasonal ones must beat the simpler by 5 %.
    func bestModelIndex(atMs timeMs: Int64) -> Int {
        var best = 0
        for index in models.indices.dropFirst() where models[index].errorCount >= 24 {
            guard models[index].forecast(atMs: timeMs) != nil else { continue }
            if models[index].meanAbsoluteError < 0.95 * models[best].meanAbsoluteError { best = index }
        }
        return best
    }

    /// Scores `value` observed at `timeMs` (ms since the epoch) and learns from it.
    ///
    /// Points must come in increasing time order; a non-finite value counts as missing.
    public mutating func score(timeMs: Int64, value: Double) -> AnomalyScore {
        guard value.isFinite else { return scoreMissing(timeMs: timeMs) }
        let warming = isWarmingUp
        let gapKind = gapAnomaly(beforeMs: timeMs, warming: warming)
        let levelRate = levelRate(beforeMs: timeMs)
        noteArrival(timeMs: timeMs)
        var result = baselineScore(timeMs: timeMs, value: value, warming: warming)
        if let range = configuration.validRange, !range.contains(value) {
            result.kind = .outOfRange
            result.severity = .critical
            return result
        }
        let repeatVerdict = repeats.observe(value: value, previous: lastValue, warming: warming, configuration: configuration)
        lastValue = value
        switch repeatVerdict {
        case .stuck:
            result.kind = .stuck
            result.severity = .warning
            return result
        case .suspicious:
            // Probably the start of a stuck run: neither learn from it nor call it something else.
            return result
        case .normal:
            break
        }
        if !warming, let std = result.baselineStd, let mean = result.baselineMean,
            let shift = cusum.observe(residual: value - mean, std: std, configuration: configuration)
        {
            for index in models.indices { models[index].level += shift }
            result.kind = .levelShift
            result.severity = configuration.thresholds.severity(ofScore: abs(shift) / std) ?? .info
        } else if !warming, let severity = configuration.thresholds.severity(ofScore: result.anomalyScore) {
            result.kind = value >= (result.baselineMean ?? value) ? .spike : .dip
            result.severity = severity
        }
        // The sensor coming back after a dead period matters more than how odd its first value is.
        if gapKind != nil, result.kind != .levelShift {
            result.kind = .gap
            result.severity = .warning
        }
        learn(timeMs: timeMs, value: value, levelRate: levelRate)
        return result
    }

    /// Records that the point at `timeMs` is missing; reports a gap once the silence is too long.
    public mutating func scoreMissing(timeMs: Int64) -> AnomalyScore {
        guard let gap = silence(atMs: timeMs) else {
            return AnomalyScore(timeMs: timeMs, value: nil, isWarmingUp: isWarmingUp)
        }
        gapReported = true
        return gap
    }

    /// A `gap` anomaly when nothing has arrived for longer than the gap threshold by `nowMs`, else nil.
    ///
    /// Does not change the state: a server can call it on a timer to find dead sensors.
    public func silence(atMs nowMs: Int64) -> AnomalyScore? {
        guard !isWarmingUp, let lastTimeMs, let limit = gapThresholdMs, nowMs - lastTimeMs > limit else { return nil }
        let model = models[bestModelIndex(atMs: nowMs)]
        return AnomalyScore(
            timeMs: nowMs, value: nil, baselineMean: model.forecast(atMs: nowMs),
            baselineStd: max(model.standardDeviation, configuration.minimumStd), kind: .gap, severity: .warning)
    }

    private func gapAnomaly(beforeMs timeMs: Int64, warming: Bool) -> AnomalyKind? {
        guard !warming, !gapReported, let lastTimeMs, let limit = gapThresholdMs, timeMs - lastTimeMs > limit else { return nil }
        return .gap
    }

    private mutating func noteArrival(timeMs: Int64) {
        if let lastTimeMs {
            let interval = Double(timeMs - lastTimeMs)
            // Gaps must not stretch the idea of the normal interval.
            if interval > 0, typicalIntervalMs == 0 || interval <= 3 * typicalIntervalMs {
                typicalIntervalMs = typicalIntervalMs == 0 ? interval : typicalIntervalMs + 0.05 * (interval - typicalIntervalMs)
            }
        }
        if firstTimeMs == nil { firstTimeMs = timeMs }
        lastTimeMs = timeMs
        gapReported = false
    }

    private func baselineScore(timeMs: Int64, value: Double, warming: Bool) -> AnomalyScore {
        let model = models[bestModelIndex(atMs: timeMs)]
        guard let mean = model.forecast(atMs: timeMs) ?? models[0].forecast(atMs: timeMs) else {
            return AnomalyScore(timeMs: timeMs, value: value, isWarmingUp: warming)
        }
        // A scale from one or two errors would turn ordinary points into huge scores.
        guard model.errorCount >= 3 else {
            return AnomalyScore(timeMs: timeMs, value: value, baselineMean: mean, isWarmingUp: warming)
        }
        let std = max(model.standardDeviation, configuration.minimumStd)
        return AnomalyScore(
            timeMs: timeMs, value: value, anomalyScore: abs(value - mean) / std, baselineMean: mean, baselineStd: std,
            isWarmingUp: warming)
    }

    /// Share of the error the level takes from a point at `timeMs`: time-based, but a running mean at first.
    private func levelRate(beforeMs timeMs: Int64) -> Double {
        let elapsed = Double(max(0, timeMs - (lastTimeMs ?? timeMs)))
        let timeRate = 1 - exp(-elapsed / configuration.levelTimeConstantMs)
        return min(1, max(timeRate, 1 / Double(pointCount + 1)))
    }

    private mutating func learn(timeMs: Int64, value: Double, levelRate: Double) {
        for index in models.indices {
            models[index].learn(value: value, atMs: timeMs, levelRate: levelRate, configuration: configuration)
        }
        pointCount += 1
    }
}
