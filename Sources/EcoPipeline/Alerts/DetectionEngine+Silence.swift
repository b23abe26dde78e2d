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
