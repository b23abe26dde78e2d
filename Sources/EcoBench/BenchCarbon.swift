import ArgumentParser
import EcoCarbon

/// `ecotrack bench carbon`: EcoCarbon's accounting throughput, what-if latency and inventory time
/// over one year of a synthetic 500-supplier chain, then ingest + accounting through the store against
/// raw SQLite inserts of the same rows (figures in docs/carbon.md).
struct BenchCarbon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carbon", abstract: "Carbon accounting, simulation and inventory speed over one year of a synthetic supply chain.")

    @Option(help: "Suppliers in the synthetic chain.") var suppliers = 500
    @Option(help: "Activities per supplier per day (500 × 6 × 365 ≈ 1.1 M).") var perDay = 6.0
    @Option(help: "Days of activity.") var days = 365
    @Option(help: "Repetitions of each simulation.") var runs = 50
    @Option(help: "Activities stored through the ingest service against raw SQLite inserts (0 skips it).") var storeActivities = 200_000

    func run() async throws {
        var chain = SyntheticSupplyChain()
        chain.suppliers = suppliers
        chain.activitiesPerSupplierDay = perDay
        chain.days = days
        print(try CarbonBenchmark.run(chain: chain, runs: runs))
        if storeActivities > 0 {
            print(try await CarbonStoreBenchmark.run(activities: chain.activities(), count: storeActivities).joined(separator: "\n"))
        }
    }
}
