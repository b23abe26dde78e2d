import Foundation

/// Streaming anomaly detector for one series: feed points in time order with ``score(timeMs:value:)``.
///
/// It learns a level, a time-of-day or hour-of-week profile where the data has one (it keeps a flat,
/// a daily and a weekly baseline and scores with the one that forecasts best), a robust scale (clipped
/// mean absolute error) and the tails of this series' residuals, so scores are calibrated: the same
/// threshold means the same false-alarm rate on every series. Each point costs O(1) time; the whole state
/// is a fixed set of numbers (≈ 9 KB as JSON for an hourly series, ≈ 21 KB for a 5-minute one), `Codable`, so a server can persist it per series and resume
/// where it left off.
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
    var calibration = ScoreCalibration()
    var longTerm = LongTermLevel()
    var incidents = IncidentTracker()
    var novelty = ValueNovelty()
    /// Points left that re-anchor the level after a resumption (never flagged as value anomalies).
    /// Calibrated score of the previous scored point (for the minimum duration of weak alarms).
    var previousScore = 0.0
    var settlingLeft = 0
    var settlingDone = 0

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
    public var activeSeasonality: Seasonality? { models[bestModelIndex(atMs: lastTimeMs ?? 0)].seasonality }

    /// Silence longer than this (ms) is a gap; nil until the sampling interval is known.
    public var gapThresholdMs: Int64? {
        if let gapMs = configuration.gapMs { return gapMs }
        guard typicalIntervalMs > 0 else { return nil }
        return Int64(configuration.gapIntervals * typicalIntervalMs)
    }

    /// True while the first points after a resumption re-anchor the level.
    public var isSettling: Bool { settlingLeft > 0 }

    /// Version of the persisted state's layout. A server that stores detectors (JSON of `SeriesDetector`) should
    /// store this number beside each state and rebuild a detector from history when it differs, or when the
    /// decoded `configuration` differs from the one it would create today.
    public static let stateFormat = 3

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
    /// Points must come in increasing time order; a non-finite value counts as missing. The first value after
    /// a silence longer than ``gapThresholdMs`` carries the `resumed` notice and starts a short settling.
    public mutating func score(timeMs: Int64, value: Double) -> AnomalyScore {
        guard value.isFinite else { return scoreMissing(timeMs: timeMs) }
        let warming = isWarmingUp
        let silence = resumedSilence(beforeMs: timeMs)
        let levelRate = levelRate(beforeMs: timeMs)
        let previousTimeMs = lastTimeMs
        noteArrival(timeMs: timeMs)
        if silence != nil { beginSettling() }
        var result = baselineScore(timeMs: timeMs, value: value, warming: warming)
        if let silence {
            result.notice = .resumed
            result.silenceMs = silence
        }
        if let range = configuration.validRange, !range.contains(value) {
            result.kind = .outOfRange
            result.severity = .critical
            incidents.skip()
            return result
        }
        novelty.observe(value, seed: configuration.samplingSeed)
        let repeatVerdict = repeats.observe(value: value, previous: lastValue, warming: warming, configuration: configuration)
        lastValue = value
        switch repeatVerdict {
        case .stuck:
            result.kind = .stuck
            result.severity = .warning
            incidents.skip()
            return result
        case .suspicious:
            // Probably the start of a stuck run: neither learn from it nor call it something else.
            incidents.skip()
            return result
        case .normal:
            break
        }
        if settlingLeft > 0 {
            settle(timeMs: timeMs, value: value)
            incidents.skip()
            return result
        }
        let elapsedMs = Double(max(0, timeMs - (previousTimeMs ?? timeMs)))
        let offset = models[bestModelIndex(atMs: timeMs)].offset(atMs: timeMs) ?? 0
        guard let mean = result.baselineMean, let deviation = result.deviation,
            let pointLevelDeviation = longTerm.deviation(of: value - offset, minimumStd: configuration.minimumStd)
        else {
            learn(timeMs: timeMs, value: value, offset: offset, levelRate: levelRate, elapsedMs: elapsedMs)
            return result
        }
        let levelDeviation = longTerm.medianDeviation(adding: pointLevelDeviation)
        longTerm.remember(pointLevelDeviation)
        let evidence = calibration.evidence(deviation: deviation, levelDeviation: levelDeviation)
        let (strongest, score) = strongestEvidence(evidence, settled: isPastLongProbation)
        result.anomalyScore = score
        result.evidence = strongest
        let severity = warming ? nil : configuration.thresholds.severity(ofScore: score)
        // Minimum duration: a weak alarm (below warning) needs the previous point to have been notable too.
        let lasting = score >= configuration.thresholds.warning || previousScore >= (configuration.weakAlarmPreviousScore ?? 0)
        previousScore = score
        // Corroboration: below critical, a new alarm also needs a value that is new for the series among the latest
        // few, so bursts the series often makes and returns to familiar levels do not alarm on the residual alone.
        let corroborated = score >= configuration.thresholds.critical || incidents.previousFlagged
            || configuration.novelValueLookback.map { novelty.wasNovel(withinLast: $0) } ?? true
        if incidents.admit(candidate: severity != nil && lasting && corroborated, score: score, timeMs: timeMs, configuration: configuration) {
            switch strongest {
            case .point, .distribution: result.kind = value >= mean ? .spike : .dip
            case .level: result.kind = .levelShift
            }
            result.severity = severity
        }
        calibration.learn(
            deviation: deviation, levelDeviation: levelDeviation, evidence: evidence,
            alarmScore: warming ? nil : configuration.thresholds.info)
        learn(timeMs: timeMs, value: value, offset: offset, levelRate: levelRate, elapsedMs: elapsedMs)
        if result.kind == .levelShift {
            // The level moved and stays: both levels take the new one (by the median of the latest deviations,
            // so a two-point spike does not set it), and the incident ends instead of every later point being
            // scored against the old level.
            let newLevel = longTerm.shift(by: levelDeviation, minimumStd: configuration.minimumStd)
            for index in models.indices { models[index].reanchor(value: newLevel + offset, atMs: timeMs, weight: 1) }
        }
        return result
    }

    /// True once twice the warm-up has passed: the level and distribution tests, whose statistics span several
    /// points (and, for the level, days), take part from then on.
    var isPastLongProbation: Bool {
        guard let firstTimeMs, let lastTimeMs else { return false }
        return pointCount >= 2 * configuration.warmupPoints && lastTimeMs - firstTimeMs >= 2 * configuration.warmupMs
    }

    /// The test with the highest score once the level and distribution offsets are added (only the point test
    /// before `settled`).
    private func strongestEvidence(_ evidence: ScoreCalibration.Evidence, settled: Bool) -> (AnomalyEvidence, Double) {
        let offsets = configuration.evidenceOffsets
        var strongest = (AnomalyEvidence.point, evidence.point)
        guard settled else { return strongest }
        if evidence.level + offsets.level > strongest.1 { strongest = (.level, evidence.level + offsets.level) }
        if evidence.distribution + offsets.distribution > strongest.1 {
            strongest = (.distribution, evidence.distribution + offsets.distribution)
        }
        return strongest
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
        let index = bestModelIndex(atMs: nowMs)
        let model = models[index]
        return AnomalyScore(
            timeMs: nowMs, value: nil, baselineMean: model.forecast(atMs: nowMs),
            baselineStd: max(model.standardDeviation, configuration.minimumStd), kind: .gap, severity: .warning,
            baseline: baselineKind(of: index))
    }

    /// The silence before a point at `timeMs`, ms, when it is longer than the gap threshold.
    private func resumedSilence(beforeMs timeMs: Int64) -> Int64? {
        guard let lastTimeMs, let limit = gapThresholdMs, timeMs - lastTimeMs > limit else { return nil }
        return timeMs - lastTimeMs
    }

    private mutating func beginSettling() {
        settlingLeft = configuration.resumeSettlingPoints
        settlingDone = 0
    }

    /// A settling point: the level moves to the running mean of the points since the resumption.
    private mutating func settle(timeMs: Int64, value: Double) {
        settlingDone += 1
        settlingLeft -= 1
        for index in models.indices {
            models[index].reanchor(value: value, atMs: timeMs, weight: 1 / Double(settlingDone))
        }
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

    func baselineKind(of index: Int) -> BaselineKind {
        switch models[index].seasonality {
        case nil: .flat
        case .daily: .daily
        case .weekly: .weekly
        }
    }

    private func baselineScore(timeMs: Int64, value: Double, warming: Bool) -> AnomalyScore {
        var index = bestModelIndex(atMs: timeMs)
        if models[index].forecast(atMs: timeMs) == nil { index = 0 }
        let model = models[index]
        guard let mean = model.forecast(atMs: timeMs) else {
            return AnomalyScore(timeMs: timeMs, value: value, isWarmingUp: warming)
        }
        // A scale from one or two errors would turn ordinary points into huge scores.
        guard model.errorCount >= 3 else {
            return AnomalyScore(timeMs: timeMs, value: value, baselineMean: mean, isWarmingUp: warming, baseline: baselineKind(of: index))
        }
        let std = max(model.standardDeviation, configuration.minimumStd)
        let info = configuration.thresholds.info
        return AnomalyScore(
            timeMs: timeMs, value: value, baselineMean: mean, baselineStd: std, isWarmingUp: warming, baseline: baselineKind(of: index),
            deviation: (value - mean) / std,
            expectedLow: mean - std * calibration.deviation(atScore: info, upper: false),
            expectedHigh: mean + std * calibration.deviation(atScore: info, upper: true))
    }

    /// Share of the error the level takes from a point at `timeMs`: time-based, but a running mean at first.
    private func levelRate(beforeMs timeMs: Int64) -> Double {
        let elapsed = Double(max(0, timeMs - (lastTimeMs ?? timeMs)))
        let timeRate = 1 - exp(-elapsed / configuration.levelTimeConstantMs)
        return min(1, max(timeRate, 1 / Double(pointCount + 1)))
    }

    private mutating func learn(timeMs: Int64, value: Double, offset: Double, levelRate: Double, elapsedMs: Double) {
        longTerm.learn(value - offset, elapsedMs: elapsedMs, minimumStd: configuration.minimumStd)
        // Profiles get their resolution from the sampling interval, known well enough after a few points.
        let preparing = pointCount >= 4 && models[models.count - 1].daily == nil
        for index in models.indices {
            if preparing { models[index].prepareProfiles(intervalMs: typicalIntervalMs) }
            models[index].learn(value: value, atMs: timeMs, levelRate: levelRate, configuration: configuration)
        }
        pointCount += 1
    }
}
