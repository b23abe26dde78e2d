import EcoCore
import EcoStore

/// Why injected spikes of ``AlertLatencyBenchmark`` raised no alert on the WebSocket, read from the
/// server's store after a run (issue #20): whether the spike's batch was committed after a later batch
/// (its points then reached detection after newer points of the same stations), and whether an anomaly
/// was recorded at the spike at all.
enum AlertSpikeAudit {
    /// One line about the `missed` batches (indices after the warm-up); empty when none was missed.
    static func explain(missed: [Int], store: any EcoStore, hoursPerBatch: Int) async throws -> String {
        guard !missed.isEmpty else { return "" }
        let late = try await batchesCommittedAfterALaterOne(store: store, hoursPerBatch: hoursPerBatch)
        var anomalies: [String] = []
        for batch in missed {
            let timeMs = AlertLatencyBenchmark.t0 + Int64(AlertLatencyBenchmark.warmUpHours + batch * hoursPerBatch) * 3_600_000
            let found = try await store.anomalies(variable: "pm25", cellRanges: nil, fromMs: timeMs, toMs: timeMs + 1, organizations: nil, limit: 10)
            if let spike = found.first(where: { $0.value == AlertLatencyBenchmark.spikeValue }) {
                anomalies.append("batch \(batch) \(spike.kind) \(spike.severity) score \(String(format: "%.2f", spike.anomalyScore))")
            }
        }
        let missedLate = missed.filter(late.contains)
        return "missed spikes in batches \(missed.prefix(20).map(String.init).joined(separator: ","))\(missed.count > 20 ? ",…" : ""): "
            + "\(missedLate.count) of them committed after a later batch (\(late.count) such batches in the run), "
            + "\(anomalies.count) recorded as an anomaly\(anomalies.isEmpty ? "" : " (\(anomalies.prefix(10).joined(separator: "; ")))")"
    }

    /// The batches whose first ingest event follows an event of a later batch in the log.
    static func batchesCommittedAfterALaterOne(store: any EcoStore, hoursPerBatch: Int) async throws -> Set<Int> {
        var late: Set<Int> = []
        var highest = Int.min
        var seen: Set<Int> = []
        var after: Int64 = 0
        while true {
            let events = try await store.events(after: after, topics: [EventTopic.ingestObservations], limit: 1_000)
            for event in events {
                guard let from = IngestEventPayload.timeRanges(of: event)?.map(\.fromMs).min() else { continue }
                let hour = Int((from - AlertLatencyBenchmark.t0) / 3_600_000) - AlertLatencyBenchmark.warmUpHours
                guard hour >= 0 else { continue }
                let batch = hour / hoursPerBatch
                if seen.insert(batch).inserted, batch < highest { late.insert(batch) }
                highest = max(highest, batch)
            }
            guard events.count == 1_000, let last = events.last else { return late }
            after = last.offset
        }
    }
}
