import ArgumentParser
import EcoCore
import EcoPipeline
import EcoStoreSQLite
import Foundation
import Logging

/// `ecotrack-bench equity`: environmental justice scores for every resolution-7 cell of the demo (issue #17):
/// the demo observations and socio-economic layer in a fresh SQLite store, then `GET /api/v1/equity/justice-scores`'s
/// work (burdens from the store, the imported layer, percentiles, scores, ranking) timed over several runs.
struct BenchEquity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "equity", abstract: "Justice scores for all cells of the demo at resolution 7 (demo data in a fresh SQLite store).")
    @Option(help: "Timed runs after one warm-up.") var runs = 5
    @Option(help: "H3 resolution of the scores.") var resolution = 7

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-bench-equity-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("demo.sqlite").path, durability: .normal)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let now = Date()
        let platform = try await Platform(store: store, configuration: EcoConfiguration(), logger: logger)
        let seeding = try await BenchmarkClock.seconds {
            _ = try await DemoData.seedIfEmpty(into: store, now: now)
            _ = try await DemoEquity.seedIfEmpty(into: store)
        }
        let parameters = QueryParameters(["resolution": "\(resolution)"])
        var list = try await platform.equity.scores(parameters)  // warm-up
        var times: [Double] = []
        for _ in 0..<runs {
            times.append(try await BenchmarkClock.seconds { list = try await platform.equity.scores(parameters) })
        }
        try await store.close()
        print(String(format: "demo seeded in %.1f s; justice scores at resolution %d: %d cells with an input, %d scored", seeding, resolution, list.count, list.scored))
        print(String(format: "per request: median %.3f s, best %.3f s, worst %.3f s over %d runs (%.0f cells/s at the median)",
                     BenchmarkClock.percentile(times, 0.5), times.min() ?? .nan, times.max() ?? .nan, runs,
                     Double(list.count) / BenchmarkClock.percentile(times, 0.5)))
    }
}
