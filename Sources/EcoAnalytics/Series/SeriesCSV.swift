import EcoTime
/// One row of a `timestamp,value` series file.
public struct SeriesPoint: Sendable, Equatable {
    /// Milliseconds since the Unix epoch, UTC.
    public var timeMs: Int64
    /// The value; nil for an empty field (a gap).
    public var value: Double?
    /// The value field as written, trimmed (echoed back in output so numbers keep their spelling).
    public var valueText: String

    public init(timeMs: Int64, value: Double?, valueText: String) {
        self.timeMs = timeMs
        self.value = value
        self.valueText = valueText
    }
}

/// Why a series file could not be read; lines count from 1.
public typealias SeriesCSVError = TimeValueCSVError

/// Reads `timestamp,value` CSV and writes `timestamp,value,score,isAnomaly,severity` CSV.
public enum SeriesCSV {
    /// The output header line.
    public static let detectionHeader = "timestamp,value,score,isAnomaly,severity"

    /// Parses `text` into points sorted by time (stable); see ``TimeValueCSV/parse(_:)`` for the accepted shapes.
    public static func parse(_ text: String) throws(SeriesCSVError) -> [SeriesPoint] {
        try TimeValueCSV.parse(text).map { SeriesPoint(timeMs: $0.timeMs, value: $0.value, valueText: $0.valueText) }
    }

    /// One output row: RFC 3339 UTC time, the value as written, the score with 4 decimals, `true`/`false`, severity or empty.
    public static func detectionRow(point: SeriesPoint, score: AnomalyScore) -> String {
        let scoreText = formatFixed(score.anomalyScore, decimals: 4)
        return
            "\(Timestamp.format(ms: point.timeMs)),\(point.valueText),\(scoreText),\(score.isAnomaly),\(score.severity?.rawValue ?? "")"
    }

    /// The columns `--explain` appends after the detection columns.
    public static let explanationHeader = "kind,evidence,baseline,baselineMean,baselineStd,expectedLow,expectedHigh,deviation,notice"

    /// The explanation of one verdict: kind, which test, which baseline, its mean and σ, the range that would
    /// not have been flagged, the deviation in robust σ (4 decimals), and a notice such as `resumed`; empty when unknown.
    public static func explanationColumns(_ score: AnomalyScore) -> String {
        let numbers = [score.baselineMean, score.baselineStd, score.expectedLow, score.expectedHigh, score.deviation].map { value in
            value.map { formatFixed($0, decimals: 4) } ?? ""
        }
        return ([score.kind?.rawValue ?? "", score.evidence?.rawValue ?? "", score.baseline?.rawValue ?? ""] + numbers + [score.notice?.rawValue ?? ""])
            .joined(separator: ",")
    }

    /// `value` with exactly `decimals` digits after the point (half away from zero), no exponent.
    public static func formatFixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return value > 0 ? "\(value)" : "-\(abs(value))" }
        let units = Int64(scaled)
        let whole = units / Int64(scale)
        let fraction = String(units % Int64(scale))
        let sign = value < 0 && units != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }
        return sign + String(whole) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
