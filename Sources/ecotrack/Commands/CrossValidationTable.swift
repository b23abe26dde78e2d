import EcoCore
import Foundation

/// The cross-validation part of a training summary as a table on standard error: one line per
/// fold, then the mean and the standard deviation, so a person sees the spread between folds.
enum CrossValidationTable {
    /// Metrics shown, in this order, when the summary has them.
    static let metrics = ["accuracy", "balancedAccuracy", "rocAUC", "logLoss", "macroF1", "r2", "rootMeanSquaredError", "meanAbsoluteError"]

    /// Writes the table for `summary` (the JSON `ecotrack train` prints); nothing without cross-validation.
    static func show(summary: String) {
        guard let text = render(summary: summary) else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// The table's text, or nil when the summary has no fold metrics.
    static func render(summary: String) -> String? {
        guard let json = JSONValue.parse(summary), case let .array(folds)? = json["foldMetrics"], !folds.isEmpty else { return nil }
        let shown = metrics.filter { json["metrics"]?[$0].flatMap(number) != nil }
        var labels: [String] = []
        if case let .array(values)? = json["foldLabels"] { labels = values.map { if case let .string(s) = $0 { s } else { "" } } }
        var rows = [["fold", "label", "rows"] + shown]
        for (i, fold) in folds.enumerated() {
            rows.append(["\(i + 1)", i < labels.count ? labels[i] : "", count(fold["rows"])] + shown.map { cell(fold[$0]) })
        }
        rows.append(["mean", "", count(json["metrics"]?["rows"])] + shown.map { cell(json["metrics"]?[$0]) })
        rows.append(["std", "", ""] + shown.map { cell(json["metricsStd"]?[$0]) })
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        let lines = rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return "cross-validation: \(scheme(json))\n" + lines.joined(separator: "\n") + "\n"
    }

    private static func scheme(_ json: JSONValue) -> String {
        let k = json["folds"].flatMap(number).map { "\(Int($0)) folds" } ?? "folds"
        if case let .string(column)? = json["foldColumn"] { return "\(k) from column \(column)" }
        if let blocks = json["spatialBlocks"], let resolution = blocks["resolution"].flatMap(number) {
            let cells = blocks["cells"].flatMap(number).map { ", \(Int($0)) cells" } ?? ""
            return "\(k) of spatial blocks (H3 resolution \(Int(resolution))\(cells))"
        }
        if case let .number(groups)? = json["groups"] { return "\(k) of \(Int(groups)) groups" }
        return "\(k), random"
    }

    private static func number(_ value: JSONValue) -> Double? {
        if case let .number(v) = value { return v }
        return nil
    }

    private static func cell(_ value: JSONValue?) -> String {
        value.flatMap(number).map { String(format: "%.4f", $0) } ?? "-"
    }

    private static func count(_ value: JSONValue?) -> String {
        value.flatMap(number).map { "\(Int($0))" } ?? ""
    }
}
