import ArgumentParser
import EcoAnalytics
import EcoCore
import EcoPipeline
import Foundation

/// `ecotrack detect --input series.csv`: anomaly scores for one series, or the detector's evaluation.
struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a time series for anomalies, or evaluate the detector on a labeled synthetic set.",
        discussion: """
            Reads timestamp,value rows (header optional; RFC 3339, ISO date-times without zone as UTC, dates, \
            or epoch milliseconds; empty values are gaps) and writes timestamp,value,score,isAnomaly,severity. \
            See docs/detection.md.
            """
    )

    @Option(help: "CSV file of timestamp,value rows, or - for standard input.") var input: String?
    @Option(help: "Variable name, for its physical range and habits (e.g. temperature_2m, pm25, precipitation).") var variable: String?
    @Option(help: "Write the rows to this file instead of standard output.") var output: String?
    @Flag(help: "Append a kind column (spike, dip, levelShift, stuck, gap, outOfRange).") var withKind = false
    @Flag(help: "Print precision, recall and F1 per anomaly type on the seeded synthetic set instead.") var evaluate = false
    @Flag(help: "Measure scoring speed (points/s, release build recommended) on the evaluation set instead.") var benchmark = false
    @Option(help: "Seed of the evaluation set.") var seed: UInt64 = 42
    @Option(help: "Number of series in the evaluation set.") var seriesCount: Int = 40

    func run() throws {
        if evaluate {
            print(DetectorEvaluation.run(seed: seed, seriesCount: seriesCount).table)
            return
        }
        if benchmark { return try runBenchmark() }
        guard let input else { throw ValidationError("Pass --input FILE (or - for standard input), or --evaluate.") }
        if let variable, !VariableDetectorDefaults.knownVariables.contains(variable) {
            FileHandle.standardError.write(Data("note: no built-in settings for '\(variable)'; using generic defaults.\n".utf8))
        }
        let data = input == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: input))
        let points: [SeriesPoint]
        do {
            points = try SeriesCSV.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw ValidationError("\(input): \(error)")
        }
        let scores = SeriesDetector.scores(
            of: points.map { ($0.timeMs, $0.value) }, configuration: VariableDetectorDefaults.configuration(forVariable: variable))
        var text = SeriesCSV.detectionHeader + (withKind ? ",kind\n" : "\n")
        text.reserveCapacity(points.count * 56)
        for (point, score) in zip(points, scores) {
            text += SeriesCSV.detectionRow(point: point, score: score)
            text += withKind ? ",\(score.kind?.rawValue ?? "")\n" : "\n"
        }
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Scores every series of the evaluation set with fresh detectors, best of 3 rounds.
    private func runBenchmark() throws {
        let sets = (0..<seriesCount).map { SyntheticSeries.make(seed: seed, index: $0) }
        let pointCount = sets.reduce(0) { $0 + $1.points.count }
        var best = Duration.seconds(1_000_000)
        var anomalies = 0
        for _ in 0..<3 {
            let elapsed = ContinuousClock().measure {
                anomalies = sets.reduce(0) { count, series in
                    count + SeriesDetector.scores(of: series.points, configuration: series.configuration).filter(\.isAnomaly).count
                }
            }
            best = min(best, elapsed)
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
        var trained = SeriesDetector(configuration: sets[0].configuration)
        for point in sets[0].points { if let value = point.value { _ = trained.score(timeMs: point.timeMs, value: value) } }
        let stateBytes = try JSONEncoder().encode(trained).count
        print(
            "scored \(pointCount) points (\(seriesCount) series, \(anomalies) anomalies) in \(String(format: "%.3f", seconds)) s: "
                + "\(Int(Double(pointCount) / seconds)) points/s; trained detector state \(stateBytes) bytes as JSON")
    }
}
