import EcoAnalytics
import EcoCore
import EcoStore

extension DetectionEngine {
    /// Sensors that stopped: every real-time series (``SeriesWatch/isLive``) with nothing new for longer
    /// than its gap threshold at `nowMs` (wall clock) gets one `gap` anomaly and a sensor alert, once per
    /// silence. The alert resolves like any sensor alert: after normal points once data flows again.
    mutating func silences(atMs nowMs: Int64, catalogue: VariableCatalogue) -> (anomalies: [AnomalyRecord], actions: [AlertAction]) {
        var anomalies: [AnomalyRecord] = []
        var actions: [AlertAction] = []
        for (id, watch) in watches where watch.isLive && !watch.silenceReported {
            guard let score = watch.detector.silence(atMs: nowMs), let severity = score.severity else { continue }
            let context = SignalContext(series: watch.series, variable: catalogue[watch.series.key.variable])
            let group = Self.group(of: .gap)
            anomalies.append(context.anomaly(score, kind: .gap, severity: severity))
            actions.append(.raise(context.silenceSignal(score, lastTimeMs: watch.detector.lastTimeMs ?? nowMs,
                                                        thresholdMs: watch.detector.gapThresholdMs ?? 0, group: group), .firing))
            watches[id]?.silenceReported = true
            watches[id]?.openGroups[group] = 0
        }
        return (anomalies, actions)
    }
}

extension SignalContext {
    /// The alert for a series that fell silent: same key as its other sensor faults.
    func silenceSignal(_ score: AnomalyScore, lastTimeMs: Int64, thresholdMs: Int64, group: String) -> AlertSignal {
        let minutes = max(1, (score.timeMs - lastTimeMs) / 60_000)
        let description = "No \(name) from \(place) since \(Timestamp.format(ms: lastTimeMs)) (\(minutes) min); "
            + "it normally reports often enough that \(max(1, thresholdMs / 60_000)) min of silence means the sensor or its link has stopped"
        let metadata: [String: JSONValue] = [
            "seriesId": .number(Double(series.id)), "variable": .string(name), "stationId": .string(series.key.stationId),
            "kind": .string(AnomalyKind.gap.rawValue), "lastObservedAt": .string(Timestamp.format(ms: lastTimeMs)),
            "silentForMs": .number(Double(score.timeMs - lastTimeMs)), "gapThresholdMs": .number(Double(thresholdMs)),
        ]
        return signal(key: detectorKey(group), type: group, severity: score.severity ?? .warning,
                      title: "Sensor silent: \(name) at \(place)", description: description, timeMs: score.timeMs, metadata: metadata)
    }
}

extension SignalContext {
    /// The notice of a series reporting again after `silenceMs` without data (key `detector:resumed:<series>`).
    func resumedSignal(_ score: AnomalyScore, silenceMs: Int64, silenceText: String) -> AlertSignal {
        let lastTimeMs = score.timeMs - silenceMs
        var description = "\(name) from \(place) is reporting again after \(silenceText) without data (last reading before: \(Timestamp.format(ms: lastTimeMs))); "
            + "its first values re-anchor the baseline and are not scored as spikes or level shifts"
        if let value = score.value { description += "; first value \(NumberText.short(value)) \(unit)" }
        var metadata: [String: JSONValue] = [
            "seriesId": .number(Double(series.id)), "variable": .string(name), "stationId": .string(series.key.stationId),
            "notice": .string("resumed"), "silentForMs": .number(Double(silenceMs)),
            "lastObservedAt": .string(Timestamp.format(ms: lastTimeMs)),
        ]
        if let value = score.value { metadata["value"] = .number(value) }
        return signal(key: detectorKey("resumed"), type: "sensor", severity: .info, title: "Sensor resumed: \(name) at \(place)",
                      description: description, timeMs: score.timeMs, metadata: metadata)
    }
}

/// Durations as people read them in alert texts.
enum DurationText {
    /// "3 d 4 h", "5 h 12 min", "7 min".
    static func hoursAndMinutes(ms: Int64) -> String {
        let minutes = max(0, ms / 60_000)
        let (days, hours, rest) = (minutes / 1_440, minutes / 60 % 24, minutes % 60)
        if days > 0 { return hours > 0 ? "\(days) d \(hours) h" : "\(days) d" }
        if hours > 0 { return rest > 0 ? "\(hours) h \(rest) min" : "\(hours) h" }
        return "\(rest) min"
    }
}
