import ArgumentParser
import EcoCore

/// `ecotrack-bench …` (also reached as `ecotrack bench …`): the shipped benchmarks behind the figures
/// in docs/benchmarks.md. A program of its own so the server binary carries none of this.
@main
struct EcoTrackBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecotrack-bench",
        abstract: "Measure EcoTrack's speed on this machine (see docs/benchmarks.md).",
        subcommands: [
            BenchH3.self,
            BenchIngest.self,
            BenchSmallWrites.self,
            BenchQuery.self,
            BenchDecode.self,
            BenchML.self,
            BenchForecast.self,
            BenchAlerts.self,
            BenchRestart.self,
            BenchCarbon.self,
            BenchIndices.self,
            BenchEquity.self,
            BenchEntriesUpload.self,
            BenchDetect.self,
            BenchImageDecode.self,
            BenchONNX.self,
        ]
    )
}
