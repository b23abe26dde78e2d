import ArgumentParser
import EcoCarbon

/// `ecotrack bench carbon`: EcoCarbon's accounting throughput, what-if latency and inventory time
/// over one year of a synthetic 500-supplier chain (figures in docs/carbon.md).
struct BenchCarbon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carbon", abstract: "Carbon accounting, simulation and inventory speed over one year of a synthetic supply chain.")

    @Option(help: "Suppliers in the synthetic chain.") var suppliers = 500
    @Option(help: "Activities per supplier per day (500 × 6 × 365 ≈ 1.1 M).") var perDay = 6.0
    @Option(help: "Days of activity.") var days = 365
    @Option(help: "Repetitions of each simulation.") var runs = 50

    func run() async throws {
        var chain = SyntheticSupplyChain()
        chain.suppliers = suppliers
        chain.activitiesPerSupplierDay = perDay
        chain.days = days
        print(try CarbonBenchmark.run(chain: chain, runs: runs))
    }
}
