import ArgumentParser

/// `ecotrack bench detect`: points/s of the streaming anomaly detector (issue #20, docs/detection.md).
struct BenchDetect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect", abstract: "Scoring speed of the streaming detector on the seeded synthetic set (best of 3 rounds).")
    @Option(help: "Seed of the synthetic set.") var seed: UInt64 = 42
    @Option(help: "Number of series in the synthetic set.") var seriesCount: Int = 40

    func run() throws {
        try DetectBenchmark(seed: seed, seriesCount: seriesCount).run()
    }
}
