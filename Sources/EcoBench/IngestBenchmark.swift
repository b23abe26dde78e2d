import EcoCore
import EcoPipeline
import EcoServer
import EcoStore
import EcoStoreSQLite
import EcoTestSupport
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging

/// `ecotrack bench ingest`: bulk store ingest against raw SQLite inserts of the same rows, and
/// HTTP NDJSON ingest through the real server on loopback.
public enum IngestBenchmark {
    /// Synthetic stations on a grid around Paris, hourly values.
    static func observations(series: Int, perSeries: Int) -> [Observation] {
        var rows: [Observation] = []
        rows.reserveCapacity(series * perSeries)
        let t0: Int64 = 1_704_067_200_000 // 2024-01-01
        for s in 0..<series {
            let lat = 48.5 + Double(s / 100) * 0.01, lng = 2.0 + Double(s % 100) * 0.01
            let key = SeriesKey(variable: "pm25", source: "bench", stationId: "s\(s)", cell: Spatial.cell15(lat: lat, lng: lng))
            for i in 0..<perSeries {
                rows.append(Observation(series: key, lat: lat, lng: lng, observedAtMs: t0 + Int64(i) * 3_600_000, value: Double((s + i) % 97)))
            }
        }
        return rows
    }

    /// Runs both measurements and returns the report lines.
    public static func run(series: Int = 1_000, perSeries: Int = 1_000, batchSize: Int = 50_000, httpRecords: Int = 500_000) async throws -> String {
        var lines = ["machine: \(BenchmarkClock.machine)"]
        let rows = observations(series: series, perSeries: perSeries)

        // Raw SQLite: same rows, one transaction, no rollups.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let raw = rows.enumerated().map { (series: Int64($0.offset / perSeries + 1), t: $0.element.observedAtMs, value: $0.element.value) }
        let rawSeconds = try RawInsertBaseline.run(rows: raw, directory: directory)

        // EcoTrack's store: series bookkeeping, hourly and daily rollups, batches of `batchSize`.
        let store = try SQLiteStore(path: directory.appendingPathComponent("ecotrack.sqlite").path, durability: .normal)
        let storeSeconds = try await BenchmarkClock.seconds {
            var start = 0
            while start < rows.count {
                let end = min(start + batchSize, rows.count)
                _ = try await store.insert(Array(rows[start..<end]))
                start = end
            }
        }
        try await store.close()
        let rawRate = Double(rows.count) / rawSeconds, storeRate = Double(rows.count) / storeSeconds
        lines.append(String(format: "bulk ingest (store, rollups, batches of %d): %d rows in %.2f s = %.0f rows/s", batchSize, rows.count, storeSeconds, storeRate))
        lines.append(String(format: "raw SQLite inserts, same rows:              %d rows in %.2f s = %.0f rows/s", rows.count, rawSeconds, rawRate))
        lines.append(String(format: "store / raw: %.0f%%", 100 * storeRate / rawRate))

        lines.append(try await http(records: httpRecords, directory: directory))
        return lines.joined(separator: "\n")
    }

    /// POSTs NDJSON bodies of 100,000 records to a server on loopback, two at a time.
    static func http(records: Int, directory: URL) async throws -> String {
        let perBody = 100_000
        let bodies = (0..<max(1, records / perBody)).map { body in ndjson(body: body, records: perBody) }
        let seconds = try await BenchServer.with(directory: directory, name: "http", durability: "normal") { server in
            try await postPairs(bodies, to: server)
        }
        let total = bodies.count * perBody
        return String(format: "HTTP NDJSON ingest (loopback, 2 concurrent bodies of %d): %d rows in %.2f s = %.0f rows/s", perBody, total, seconds, Double(total) / seconds)
    }

    /// Seconds to POST `bodies`, two at a time.
    static func postPairs(_ bodies: [Data], to server: BenchServer) async throws -> Double {
        try await BenchmarkClock.seconds {
            for pair in stride(from: 0, to: bodies.count, by: 2) {
                try await withThrowingTaskGroup(of: Void.self) { posts in
                    for body in bodies[pair..<min(pair + 2, bodies.count)] { posts.addTask { try await server.ingest(body) } }
                    try await posts.waitForAll()
                }
            }
        }
    }

    static func ndjson(body: Int, records: Int) -> Data {
        var text = ""
        text.reserveCapacity(records * 150)
        let t0: Int64 = 1_704_067_200_000
        for i in 0..<records {
            let station = body * 1000 + i % 1000
            text += #"{"variable":"pm25","value":\#(Double(i % 500) / 10),"unit":"µg/m³","observedAt":\#(t0 + Int64(i / 1000) * 60_000),"lat":\#(48.5 + Double(station % 100) * 0.001),"lng":\#(2.0 + Double(station / 100) * 0.001),"source":"bench","stationId":"st-\#(station)"}"#
            text += "\n"
        }
        return Data(text.utf8)
    }
}
