import ArgumentParser
import EcoAnalytics
import EcoCore

/// `ecotrack bench indices`: EPA AQI over many readings and SPI over many cells (issue #17, docs/benchmarks.md).
struct BenchIndices: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indices", abstract: "AQI over 1 M readings and SPI for 10,000 cells × 50 years (seeded synthetic data).")
    @Option(help: "Readings for the AQI run.") var observations = 1_000_000
    @Option(help: "Grid cells for the SPI run.") var cells = 10_000
    @Option(help: "Years of monthly data per cell.") var years = 50
    @Option(help: "SPI accumulation scale in months.") var scale = 3
    @Option var seed: UInt64 = 17

    func run() throws {
        print(try IndexBenchmark.airQuality(observations: observations, seed: seed))
        print(try IndexBenchmark.standardizedPrecipitation(cells: cells, years: years, scale: scale, seed: seed))
    }
}
