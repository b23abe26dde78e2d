import EcoCore
import EcoStore
import EcoStorePostgres
import Foundation

/// `ecotrack bench small-writes --database postgres://…`: many small ingest transactions at once, as a gateway's
/// POSTs reach a store (issue #15). `writers` tasks each insert batches of `readings` readings (one per station, a
/// new hour each time, so every reading is a new row) for `seconds`, spread over `processes` stores of their own
/// (each with its own pool, as replicas have). Reports transactions/s, readings/s and the latency of one insert.
enum PostgresSmallWritesBenchmark {
    static func run(url: String, writers: Int, readings: Int, seconds: Int, processes: Int) async throws -> String {
        let schema = BenchSchema(url: url)
        let processes = max(processes, 1), poolSize = max(writers / processes, 1)
        var stores: [PostgresStore] = []
        for _ in 0..<processes { stores.append(try await PostgresStore.open(url: schema.url + "&pool=\(poolSize)")) }
        let deadline = ContinuousClock.now + .seconds(seconds)
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for writer in 0..<writers {
                let store = stores[writer % stores.count]
                group.addTask { try await write(writer: writer, readings: readings, store: store, until: deadline) }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        for store in stores { try await store.close() }
        try await schema.drop()
        let transactions = Double(latencies.count) / Double(seconds)
        return [
            "machine: \(BenchmarkClock.machine)",
            "small writes: \(writers) writers over \(stores.count) store(s), \(readings) readings per insert, \(seconds) s",
            String(format: "%.1f inserts/s = %.0f readings/s; insert latency p50 %.1f ms, p99 %.1f ms", transactions,
                   transactions * Double(readings), 1000 * BenchmarkClock.percentile(latencies, 0.5), 1000 * BenchmarkClock.percentile(latencies, 0.99)),
        ].joined(separator: "\n")
    }

    /// One writer's loop: its own stations, one new hour per insert. Returns each insert's seconds.
    private static func write(writer: Int, readings: Int, store: PostgresStore, until deadline: ContinuousClock.Instant) async throws -> [Double] {
        let t0: Int64 = 1_704_067_200_000
        let stations = (0..<readings).map { index -> (SeriesKey, Double, Double) in
            let lat = 40 + Double(writer) * 0.05 + Double(index / 10) * 0.001, lng = Double(index % 10) * 0.001
            return (SeriesKey(variable: "pm25", source: "bench", stationId: "w\(writer)-\(index)", cell: Spatial.cell15(lat: lat, lng: lng)), lat, lng)
        }
        var latencies: [Double] = []
        var hour: Int64 = 0
        while ContinuousClock.now < deadline {
            let batch = stations.map { key, lat, lng in
                Observation(series: key, lat: lat, lng: lng, observedAtMs: t0 + hour * 3_600_000, value: Double(hour % 50))
            }
            latencies.append(try await BenchmarkClock.seconds { _ = try await store.insert(batch) })
            hour += 1
        }
        return latencies
    }
}
