import EcoCore
import EcoPipeline
import EcoServer
import EcoStore
import EcoStorePostgres
import EcoStoreSQLite
import EcoTestSupport
import Foundation

/// `ecotrack bench query`: the two read targets of the foundation issue, in process (store read,
/// bucketing, statistics and response building; no HTTP):
/// a one-year hourly series read with daily buckets, and a resolution-5 region aggregated to
/// resolution-7 cells over 1,000,000 observations.
public enum QueryBenchmark {
    /// - Parameter database: a `postgres://` URL to measure PostgreSQL (in a fresh schema, dropped afterwards);
    ///   nil for a temporary SQLite file.
    public static func run(iterations: Int = 200, database: String? = nil) async throws -> String {
        var lines = ["machine: \(BenchmarkClock.machine)"]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-qbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = database.map(BenchSchema.init(url:))
        let store: any EcoStore = if let schema {
            try await PostgresStore.open(url: schema.url)
        } else {
            try SQLiteStore(path: directory.appendingPathComponent("q.sqlite").path, durability: .normal)
        }
        lines.append("store: \(schema.map { "PostgreSQL, \((try? PostgresLocation(parsing: $0.url).description) ?? "")" } ?? "SQLite")")
        let platform = try await Platform(store: store, configuration: EcoConfiguration())

        // One station, one year of hourly temperature.
        let t0: Int64 = 1_704_067_200_000
        let stationKey = SeriesKey(variable: "temperature_2m", source: "bench", stationId: "year", cell: Spatial.cell15(lat: 45.0, lng: 5.0))
        let year = (0..<8760).map { Observation(series: stationKey, lat: 45, lng: 5, observedAtMs: t0 + Int64($0) * 3_600_000,
                                                 value: 10 + 8 * sin(Double($0) / 24 * 2 * .pi)) }
        _ = try await store.insert(year)
        let timeseries = platform.timeseries
        let cell = Spatial.hex(stationKey.cell)
        let yearParameters = QueryParameters(["variable": "temperature_2m", "bucket": "1d", "start": "2024-01-01T00:00:00Z", "end": "2025-01-01T00:00:00Z"])
        var durations: [Double] = []
        for _ in 0..<iterations {
            durations.append(try await BenchmarkClock.seconds { _ = try await timeseries.timeseries(cell: cell, parameters: yearParameters) })
        }
        lines.append(report("one-year hourly series, daily buckets (8,760 points → 366 buckets with quartiles)", durations))

        // 1,000 stations × 1,000 hourly values inside one resolution-5 cell.
        let region = Spatial.parent(of: Spatial.cell15(lat: 48.85, lng: 2.35), resolution: 5)
        var batch: [Observation] = []
        batch.reserveCapacity(50_000)
        var inside = 0
        for s in 0..<1000 {
            let lat = 48.83 + Double(s / 32) * 0.0012, lng = 2.32 + Double(s % 32) * 0.0018
            let cell15 = Spatial.cell15(lat: lat, lng: lng)
            if Spatial.parent(of: cell15, resolution: 5) == region { inside += 1000 }
            let key = SeriesKey(variable: "pm25", source: "bench", stationId: "r\(s)", cell: cell15)
            for i in 0..<1000 {
                batch.append(Observation(series: key, lat: lat, lng: lng, observedAtMs: t0 + Int64(i) * 3_600_000, value: Double((s * 7 + i) % 113)))
            }
            if batch.count >= 50_000 {
                _ = try await store.insert(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        let cells = platform.cellAggregation
        let regionParameters = QueryParameters(["variable": "pm25", "h3": Spatial.hex(region), "resolution": "7"])
        durations.removeAll()
        for _ in 0..<max(20, iterations / 4) {
            durations.append(try await BenchmarkClock.seconds { _ = try await cells.cells(parameters: regionParameters) })
        }
        lines.append(report("resolution-5 region → resolution-7 cells over \(inside) observations", durations))
        try await store.close()
        try await schema?.drop()
        return lines.joined(separator: "\n")
    }

    static func report(_ label: String, _ durations: [Double]) -> String {
        String(format: "%@: p50 %.3f ms, p99 %.3f ms (%d runs)", label,
               BenchmarkClock.percentile(durations, 0.5) * 1000, BenchmarkClock.percentile(durations, 0.99) * 1000, durations.count)
    }
}
