import ArgumentParser
import Foundation

/// `ecotrack bench …`: runs the benchmarks of `ecotrack-bench`, a separate program built only when
/// asked (`swift build -c release --product ecotrack-bench`), so the server binary carries no load
/// generators, loopback clients or benchmark data. The arguments pass through unchanged.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure EcoTrack's speed on this machine (runs ecotrack-bench; see docs/benchmarks.md).",
        discussion: "Build the benchmarks first: swift build -c release --product ecotrack-bench. Subcommands: ingest, query, alerts, restart, decode, h3, ml, forecast, detect, carbon, indices, equity, image-decode, onnx (and bench/api.sh for the API against the seed stack).",
        shouldDisplay: true
    )

    @Argument(parsing: .captureForPassthrough, help: "The benchmark and its options, e.g. `ingest --series 1000`.")
    var arguments: [String] = []

    func run() throws {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let bench = own.deletingLastPathComponent().appendingPathComponent("ecotrack-bench")
        guard FileManager.default.isExecutableFile(atPath: bench.path) else {
            throw ValidationError("\(bench.path) is not built; run `swift build -c release --product ecotrack-bench` (or `swift build --product ecotrack-bench` for a debug build) first.")
        }
        let process = Process()
        process.executableURL = bench
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
    }
}
