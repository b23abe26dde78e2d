import EcoAnalytics
import EcoCore
import EcoStore

/// A change detection asks of ``AlertBook``.
public enum AlertAction: Sendable {
    case raise(AlertSignal, AlertRecord.Status)
    case resolve(dedupKey: String, atMs: Int64, note: String)
    case flapping(dedupKey: String, Bool)

    /// The alert the action is about.
    public var dedupKey: String {
        switch self {
        case let .raise(signal, _): signal.dedupKey
        case let .resolve(key, _, _), let .flapping(key, _): key
        }
    }
}

/// The detection state of one series: its streaming detector, the state of every threshold rule
/// on it, and which of its detector alerts are open.
struct SeriesWatch: Sendable {
    var series: SeriesInfo
    var detector: SeriesDetector
    var ruleStates: [String: RuleState] = [:]
    /// Detector alert groups (`anomaly`, `sensor`) with an open alert, and normal points seen since.
    var openGroups: [String: Int] = [:]
    /// Whether the newest point arrived within the series' gap threshold of being measured: only such
    /// real-time series can fall silent (a backfilled history is not a sensor that stopped).
    var isLive = false
    /// Whether the current silence has been reported (once per silence).
    var silenceReported = false
    /// When (wall clock) the newest point arrived, for choosing what to forget first.
    var lastArrivalMs: Int64 = .min

    init(series: SeriesInfo) {
        self.series = series
        detector = SeriesDetector(configuration: VariableDetectorDefaults.configuration(forVariable: series.key.variable))
    }

    /// Notes that the newest point arrived at `arrivalMs` (wall clock).
    mutating func noteArrival(atMs arrivalMs: Int64) {
        lastArrivalMs = arrivalMs
        guard let last = detector.lastTimeMs else { return }
        isLive = detector.gapThresholdMs.map { arrivalMs - last <= $0 } ?? false
        silenceReported = false
    }
}

/// Turns the new points of a series into anomalies and alert actions. No I/O: ``DetectionService``
/// feeds it from the event log and applies what it returns.
struct DetectionEngine: Sendable {
    /// Anomalies below this severity are recorded but raise no alert.
    var minimumAlertSeverity: Severity = .info
    /// A detector alert resolves after this many consecutive normal points.
    var resolveAfterNormalPoints = 3
    /// The series being watched, by id.
    var watches: [Int64: SeriesWatch] = [:]
    /// At most this many series are kept in memory (a detector holds at most ≈ 13 KB; see detection.md):
    /// beyond it, the tenth that reported least recently is forgotten, and re-learned from stored history
    /// (with its open alerts) if it reports again.
    var capacity = 20_000

    /// Forgets the least recently reporting series while more than ``capacity`` are watched.
    mutating func forgetBeyondCapacity() {
        guard watches.count > capacity else { return }
        let keep = capacity - capacity / 10
        let oldest = watches.map { ($0.key, $0.value.lastArrivalMs) }.sorted { $0.1 < $1.1 }.prefix(watches.count - keep)
        for (id, _) in oldest { watches[id] = nil }
    }

    /// Whether the series has been seen (warmed up) by this engine.
    func knows(_ seriesID: Int64) -> Bool { watches[seriesID] != nil }

    /// The series as it was when last seen (its key, hence its place, never changes).
    func series(of seriesID: Int64) -> SeriesInfo? { watches[seriesID]?.series }

    /// Time of the last point the series' detector has seen.
    func lastTimeMs(of seriesID: Int64) -> Int64? { watches[seriesID]?.detector.lastTimeMs }

    /// Starts watching a series and replays its history silently: detectors learn, rules find their state.
    /// The history's newest point counts as arriving at `nowMs` (wall clock).
    /// `openGroups`: the detector alert groups with an alert still open in the store (so that they resolve).
    mutating func warmUp(_ series: SeriesInfo, history: [(timeMs: Int64, value: Double)], rules: [AlertRuleRecord], openGroups: Set<String> = [],
                         nowMs: Int64) {
        var watch = SeriesWatch(series: series)
        for group in openGroups { watch.openGroups[group] = 0 }
        for point in history {
            _ = watch.detector.score(timeMs: point.timeMs, value: point.value)
            for rule in rules { _ = watch.ruleStates[rule.id, default: RuleState()].evaluate(Self.thresholdRule(rule), timeMs: point.timeMs, value: point.value) }
        }
        watch.noteArrival(atMs: nowMs)
        watches[series.id] = watch
    }

    /// Scores new points (in time order; points not after the last one seen are skipped as late data)
    /// and evaluates `rules` (those on the series' variable) on them. They arrived at `arrivalMs` (wall clock).
    mutating func process(_ series: SeriesInfo, variable: Variable?, points: [(timeMs: Int64, value: Double)],
                          rules: [AlertRuleRecord], arrivalMs: Int64) -> (anomalies: [AnomalyRecord], actions: [AlertAction]) {
        // Scored where it lies in the dictionary: taking the watch out and putting it back moved the whole
        // detector twice per call.
        Self.process(&watches[series.id, default: SeriesWatch(series: series)], series: series, variable: variable, points: points,
                     rules: rules, arrivalMs: arrivalMs, minimumAlertSeverity: minimumAlertSeverity,
                     resolveAfterNormalPoints: resolveAfterNormalPoints)
    }

    private static func process(_ watch: inout SeriesWatch, series: SeriesInfo, variable: Variable?, points: [(timeMs: Int64, value: Double)],
                                rules: [AlertRuleRecord], arrivalMs: Int64, minimumAlertSeverity: Severity,
                                resolveAfterNormalPoints: Int) -> (anomalies: [AnomalyRecord], actions: [AlertAction]) {
        watch.series = series
        var anomalies: [AnomalyRecord] = []
        var actions: [AlertAction] = []
        let context = SignalContext(series: series, variable: variable)
        for point in points {
            if let last = watch.detector.lastTimeMs, point.timeMs <= last { continue }
            let score = watch.detector.score(timeMs: point.timeMs, value: point.value)
            if score.notice == .resumed { actions += resumption(score, of: &watch, context: context, arrivalMs: arrivalMs) }
            if let kind = score.kind, let severity = score.severity, !score.isWarmingUp {
                anomalies.append(context.anomaly(score, kind: kind, severity: severity))
                if severity >= minimumAlertSeverity {
                    let group = Self.group(of: kind)
                    watch.openGroups[group] = 0
                    actions.append(.raise(context.detectorSignal(score, kind: kind, severity: severity, group: group), .firing))
                }
            } else if !score.isWarmingUp {
                for (group, streak) in watch.openGroups {
                    if streak + 1 >= resolveAfterNormalPoints {
                        watch.openGroups[group] = nil
                        actions.append(.resolve(dedupKey: context.detectorKey(group), atMs: point.timeMs,
                                                note: "values back to normal for \(resolveAfterNormalPoints) points"))
                    } else {
                        watch.openGroups[group] = streak + 1
                    }
                }
            }
            for rule in rules {
                var state = watch.ruleStates[rule.id] ?? RuleState()
                let transitions = state.evaluate(Self.thresholdRule(rule), timeMs: point.timeMs, value: point.value)
                watch.ruleStates[rule.id] = state
                actions += transitions.compactMap { context.ruleAction($0, rule: rule, flapping: state.isFlapping, phase: state.phase) }
            }
        }
        if !points.isEmpty { watch.noteArrival(atMs: arrivalMs) }
        return (anomalies, actions)
    }

    /// The alert changes of a series that reports again after a silence longer than its gap threshold: its
    /// open sensor alert (the silence, or a stuck run before it) resolves at once, and one `resumed` notice
    /// is raised and resolved together, so that the return is seen on every stream without waiting for an
    /// acknowledgement. A backfill of old points with a hole in it (neither real-time nor after an open
    /// sensor alert) gets no notice.
    static func resumption(_ score: AnomalyScore, of watch: inout SeriesWatch, context: SignalContext, arrivalMs: Int64) -> [AlertAction] {
        let group = Self.group(of: .gap)
        let wasOpen = watch.openGroups.removeValue(forKey: group) != nil
        let isRealTime = watch.detector.gapThresholdMs.map { arrivalMs - score.timeMs <= $0 } ?? false
        guard wasOpen || isRealTime, let silenceMs = score.silenceMs else { return [] }
        let silence = DurationText.hoursAndMinutes(ms: silenceMs)
        let notice = context.resumedSignal(score, silenceMs: silenceMs, silenceText: silence)
        var actions: [AlertAction] = []
        if wasOpen {
            actions.append(.resolve(dedupKey: context.detectorKey(group), atMs: score.timeMs, note: "sensor reporting again after \(silence) of silence"))
        }
        actions.append(.raise(notice, .firing))
        actions.append(.resolve(dedupKey: notice.dedupKey, atMs: score.timeMs, note: "a notice: nothing to act on"))
        return actions
    }

    /// The groups of detector alerts: one open alert per series and group.
    static let groups = ["anomaly", "sensor"]

    /// The key of a series' open detector alert of `group`.
    static func detectorKey(_ group: String, seriesID: Int64) -> String { "detector:\(group):\(seriesID)" }

    /// Spikes, dips, level shifts and impossible values are data anomalies; stuck sensors and gaps are sensor faults.
    static func group(of kind: AnomalyKind) -> String {
        switch kind {
        case .stuck, .gap: "sensor"
        case .spike, .dip, .levelShift, .outOfRange: "anomaly"
        }
    }

    static func thresholdRule(_ rule: AlertRuleRecord) -> ThresholdRule {
        ThresholdRule(direction: rule.direction == "below" ? .below : .above, threshold: rule.threshold,
                      clearThreshold: rule.clearThreshold, forMs: rule.forMs, keepFiringForMs: rule.keepFiringForMs)
    }
}

/// Builds anomaly records and alert signals for one series.
struct SignalContext {
    let series: SeriesInfo
    let variable: Variable?

    var domain: String { variable?.domain.rawValue ?? "climate" }
    var unit: String { variable?.unit ?? "" }
    var name: String { series.key.variable }
    var place: String { "station \(series.key.stationId)" }

    func detectorKey(_ group: String) -> String { DetectionEngine.detectorKey(group, seriesID: series.id) }

    func anomaly(_ score: AnomalyScore, kind: AnomalyKind, severity: Severity) -> AnomalyRecord {
        AnomalyRecord(seriesId: series.id, variable: name, stationId: series.key.stationId, h3Index: Spatial.hex(series.key.cell),
                      timeMs: score.timeMs, value: score.value, anomalyScore: score.anomalyScore, baselineMean: score.baselineMean,
                      baselineStd: score.baselineStd, kind: kind.rawValue, severity: severity.rawValue, organization: series.key.organization)
    }

    func detectorSignal(_ score: AnomalyScore, kind: AnomalyKind, severity: Severity, group: String) -> AlertSignal {
        let value = score.value.map { "\(NumberText.short($0)) \(unit)" } ?? "no value"
        var description = "\(name) at \(place): \(kind.rawValue), \(value) at \(Timestamp.format(ms: score.timeMs))"
        if let mean = score.baselineMean, let std = score.baselineStd {
            description += "; baseline \(NumberText.short(mean)) ± \(NumberText.short(std)) \(unit), score \(NumberText.short(score.anomalyScore))"
        }
        var metadata: [String: JSONValue] = [
            "seriesId": .number(Double(series.id)), "variable": .string(name), "stationId": .string(series.key.stationId),
            "kind": .string(kind.rawValue), "anomalyScore": .number(score.anomalyScore),
        ]
        if let v = score.value { metadata["value"] = .number(v) }
        if let mean = score.baselineMean { metadata["baselineMean"] = .number(mean) }
        if let std = score.baselineStd { metadata["baselineStd"] = .number(std) }
        let title = group == "sensor" ? "Sensor fault (\(kind.rawValue)) on \(name) at \(place)" : "\(name) \(kind.rawValue) at \(place)"
        return signal(key: detectorKey(group), type: group, severity: severity, title: title, description: description,
                      timeMs: score.timeMs, metadata: metadata)
    }

    func ruleAction(_ transition: RuleTransition, rule: AlertRuleRecord, flapping: Bool, phase: RuleState.Phase) -> AlertAction? {
        let key = "rule:\(rule.id):\(series.id)"
        switch transition.kind {
        case .pending, .firing:
            let comparison = rule.direction == "below" ? "below" : "above"
            let description = "\(name) at \(place) is \(NumberText.short(transition.value)) \(unit), \(comparison) the rule '\(rule.name)' threshold \(NumberText.short(rule.threshold)) \(unit) since \(Timestamp.format(ms: transition.timeMs))"
            let metadata: [String: JSONValue] = [
                "ruleId": .string(rule.id), "ruleName": .string(rule.name), "seriesId": .number(Double(series.id)),
                "variable": .string(name), "stationId": .string(series.key.stationId), "value": .number(transition.value),
                "threshold": .number(rule.threshold),
            ]
            let severity = Severity(rawValue: rule.severity) ?? .warning
            return .raise(signal(key: key, type: "threshold", severity: severity, title: "\(rule.name): \(name) at \(place)",
                                 description: description, timeMs: transition.timeMs, metadata: metadata,
                                 organization: rule.organization.isEmpty ? nil : rule.organization),
                          transition.kind == .firing ? .firing : .pending)
        case .cancelled:
            return .resolve(dedupKey: key, atMs: transition.timeMs, note: "condition cleared before the rule's for-duration")
        case .resolved:
            // A flapping rule keeps its alert open (flagged) instead of resolving and re-opening it.
            return flapping ? nil : .resolve(dedupKey: key, atMs: transition.timeMs, note: "value back within the rule's clear threshold")
        case .flappingStarted:
            return .flapping(dedupKey: key, true)
        case .flappingStopped:
            if phase == .firing || phase == .pending { return .flapping(dedupKey: key, false) }
            return .resolve(dedupKey: key, atMs: transition.timeMs, note: "flapping stopped with the condition cleared")
        }
    }

    /// The signal of an alert about the series; it belongs to `organization` (the series' own unless a
    /// rule of one organization fired on a public series: then that organization's).
    func signal(key: String, type: String, severity: Severity, title: String, description: String, timeMs: Int64,
                metadata: [String: JSONValue], organization: String? = nil) -> AlertSignal {
        AlertSignal(dedupKey: key, alertType: type, domain: domain, severity: severity, title: title, description: description,
                    cell: series.key.cell, lat: series.lat, lng: series.lng, timeMs: timeMs, metadata: metadata,
                    organization: organization ?? series.key.organization)
    }
}
