/// Scores the default detector and the rolling z-score baseline on labeled real series, event by event
/// (``WindowEvaluation``), over all series and over the development and hold-out parts (``WindowEvaluation/holdOut(_:)``).
public struct RealDataReport: Sendable {
    public var detector: [SeriesWindowScore]
    public var baseline: [SeriesWindowScore]
    /// Names of the held-out series.
    public var holdOut: Set<String>

    /// The totals of `scores` over all series, the development part and the hold-out part.
    public func parts(_ scores: [SeriesWindowScore]) -> [(part: String, totals: WindowScoreTotals)] {
        [
            ("all", WindowScoreTotals(scores)),
            ("development", WindowScoreTotals(scores.filter { !holdOut.contains($0.name) })),
            ("hold-out", WindowScoreTotals(scores.filter { holdOut.contains($0.name) })),
        ]
    }

    /// One line per method and part: series, points, windows found, alarms, false alarms, recall, precision, F1,
    /// false alarms per 1,000 points on the series without windows, NAB standard-profile score.
    public var table: String {
        var lines = ["method           part         series  points  windows  found  alarms  false  recall  precision     F1  FA/1k(no-anomaly)    NAB"]
        for (method, scores) in [("detector", detector), ("rolling z-score", baseline)] {
            for (part, totals) in parts(scores) {
                let cells = [
                    method.padded(16), part.padded(11), String(totals.seriesCount).leftPadded(7), String(totals.pointCount).leftPadded(7),
                    String(totals.windowCount).leftPadded(8), String(totals.windowsFound).leftPadded(6), String(totals.alarms).leftPadded(7),
                    String(totals.falseAlarms).leftPadded(6), SeriesCSV.formatFixed(totals.recall, decimals: 3).leftPadded(7),
                    SeriesCSV.formatFixed(totals.precision, decimals: 3).leftPadded(10), SeriesCSV.formatFixed(totals.f1, decimals: 3).leftPadded(6),
                    (totals.falseAlarmsPerThousandWithoutWindows.map { SeriesCSV.formatFixed($0, decimals: 2) } ?? "-").leftPadded(18),
                    SeriesCSV.formatFixed(totals.nabScore, decimals: 1).leftPadded(6),
                ]
                lines.append(cells.joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One line per series: windows, found, alarms and false alarms of the detector, then of the baseline.
    public var perSeriesTable: String {
        var lines = ["series                                                      part      points  windows  detector found/alarms/false  baseline found/alarms/false"]
        for (mine, theirs) in zip(detector, baseline) {
            let part = holdOut.contains(mine.name) ? "hold-out" : "dev"
            lines.append(
                [
                    mine.name.padded(59), part.padded(8), String(mine.pointCount).leftPadded(7), String(mine.windowCount).leftPadded(8),
                    "\(mine.windowsFound)/\(mine.alarms)/\(mine.falseAlarms)".leftPadded(28),
                    "\(theirs.windowsFound)/\(theirs.alarms)/\(theirs.falseAlarms)".leftPadded(28),
                ].joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

public enum RealDataEvaluation {
    /// Runs the detector (fresh, with `configuration`) and ``RollingZScore`` on every series; a point is
    /// flagged when the detector reports any anomaly kind on it.
    public static func run(_ series: [WindowLabeledSeries], configuration: DetectorConfiguration = DetectorConfiguration()) -> RealDataReport {
        let sorted = series.sorted { $0.name < $1.name }
        let baseline = RollingZScore()
        return RealDataReport(
            detector: sorted.map { item in
                WindowEvaluation.score(item, flags: SeriesDetector.scores(of: item.points, configuration: configuration).map(\.isAnomaly))
            },
            baseline: sorted.map { WindowEvaluation.score($0, flags: baseline.flags($0.points)) },
            holdOut: WindowEvaluation.holdOut(sorted.map(\.name)))
    }
}

extension String {
    func padded(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
