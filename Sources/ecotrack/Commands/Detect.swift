import ArgumentParser
import EcoAnalytics
import EcoCore
import EcoPipeline
import Foundation

/// `ecotrack detect --input series.csv`: anomaly scores for one series, or the detector's evaluation.
struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a time series for anomalies, or evaluate the detector on labeled data.",
        discussion: """
            Reads timestamp,value rows (header optional; RFC 3339, ISO date-times without zone as UTC, dates, \
            or epoch milliseconds; empty values are gaps) and writes timestamp,value,score,isAnomaly,severity. \
            --evaluate DIR scores a folder of labeled series (NAB layout: CSV files and combined_windows.json) \
            against the rolling z-score baseline. See docs/detection.md.
            """
    )

    @Option(help: "CSV file of timestamp,value rows (header optional), or - for standard input.") var input: String?
    @Option(help: "Variable name, for its physical range and habits (e.g. temperature_2m, pm25, precipitation).") var variable: String?
    @Option(help: "Write the rows to this file instead of standard output.") var output: String?
    @Flag(help: "Append a kind column (spike, dip, levelShift, stuck, gap, outOfRange).") var withKind = false
    @Flag(help: "Append kind, evidence, baseline, expected range, deviation and notice columns explaining each row.")
    var explain = false
    @Option(help: "Score a folder of labeled series (combined_windows.json + CSV files) instead; prints the event-level table.")
    var evaluate: String?
    @Flag(help: "With --evaluate: also print one line per series.") var perSeries = false
    @Option(help: "With --evaluate: seed of the detector's novelty sample (to check that results do not hinge on one draw).")
    var samplingSeed: UInt64 = 0
    @Flag(help: "Print precision, recall and F1 per anomaly type on the seeded synthetic set instead (unit-level check).")
    var evaluateSynthetic = false
    @Option(help: "Seed of the synthetic set.") var seed: UInt64 = 42
    @Option(help: "Number of series in the synthetic set.") var seriesCount: Int = 40

    func run() throws {
        if let evaluate { return try runRealEvaluation(folder: evaluate) }
        if evaluateSynthetic {
            print(DetectorEvaluation.run(seed: seed, seriesCount: seriesCount).table)
            return
        }
        guard let input else { throw ValidationError("Pass --input FILE (or - for standard input), --evaluate DIR or --evaluate-synthetic.") }
        if let variable, !VariableDetectorDefaults.knownVariables.contains(variable) {
            FileHandle.standardError.write(Data("note: no built-in settings for '\(variable)'; using generic defaults.\n".utf8))
        }
        let points = try Self.parse(CLIFiles.read(input, expecting: Self.expectedSeries), name: input)
        let scores = SeriesDetector.scores(
            of: points.map { ($0.timeMs, $0.value) }, configuration: VariableDetectorDefaults.configuration(forVariable: variable))
        var text = SeriesCSV.detectionHeader + (explain ? "," + SeriesCSV.explanationHeader : withKind ? ",kind" : "") + "\n"
        text.reserveCapacity(points.count * (explain ? 120 : 56))
        for (point, score) in zip(points, scores) {
            text += SeriesCSV.detectionRow(point: point, score: score)
            if explain {
                text += "," + SeriesCSV.explanationColumns(score)
            } else if withKind {
                text += ",\(score.kind?.rawValue ?? "")"
            }
            text += "\n"
        }
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// What --input and each series of --evaluate must hold, for messages.
    static let expectedSeries = "a CSV of timestamp,value rows (header optional)"

    private static func parse(_ text: String, name: String) throws -> [SeriesPoint] {
        do {
            return try SeriesCSV.parse(text)
        } catch {
            throw InputError("\(name): \(error)")
        }
    }

    /// Reads `folder/combined_windows.json` and every series it names, and prints the event-level table.
    private func runRealEvaluation(folder: String) throws {
        let root = URL(fileURLWithPath: folder)
        let labelsURL = root.appendingPathComponent("combined_windows.json")
        guard FileManager.default.fileExists(atPath: labelsURL.path) else {
            throw ValidationError("\(labelsURL.path) not found: --evaluate expects a folder with combined_windows.json (NAB layout).")
        }
        let windows: [String: [ClosedRange<Int64>]]
        do {
            windows = try WindowLabels.parse(Data(contentsOf: labelsURL))
        } catch let error as WindowLabelsError {
            throw ValidationError("\(labelsURL.path): \(error.description)")
        }
        let series = try windows.keys.sorted().map { name in
            let points = try Self.parse(CLIFiles.read(root.appendingPathComponent(name).path, expecting: Self.expectedSeries), name: name)
            return WindowLabeledSeries(name: name, points: points.map { ($0.timeMs, $0.value) }, windows: windows[name] ?? [])
        }
        let report = RealDataEvaluation.run(series, configuration: DetectorConfiguration(samplingSeed: samplingSeed))
        print(report.table)
        if perSeries { print("\n" + report.perSeriesTable) }
    }
}
