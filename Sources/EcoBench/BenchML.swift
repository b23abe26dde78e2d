import ArgumentParser
import EcoCore
import EcoML

/// `ecotrack bench ml`: EcoML's side of bench/ml.py (training time, latency, throughput, accuracy).
struct BenchML: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ml", abstract: "EcoML training and inference speed on exported datasets (see bench/ml.py).")
    @Option(help: "Folder of datasets exported by bench/ml.py.") var data: String
    @Option var seed: Int = 0

    func run() async throws {
        print(try MLBenchmark.run(arguments: ["--data", data, "--seed", String(seed)]))
    }
}
