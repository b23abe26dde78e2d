import ArgumentParser

/// `ecotrack bench …`: the shipped benchmarks behind the figures in docs/benchmarks.md.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure EcoTrack's speed on this machine (see docs/benchmarks.md).",
        subcommands: [
            BenchH3.self,
            BenchIngest.self,
            BenchQuery.self,
            BenchDecode.self,
            BenchML.self,
            BenchForecast.self,
            BenchAlerts.self,
            BenchIndices.self,
        ]
    )
}
