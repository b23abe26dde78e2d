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
public enum SeriesCSVError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingValueColumn(line: Int)
    case invalidTimestamp(line: Int, text: String)
    case invalidValue(line: Int, text: String)

    public var description: String {
        switch self {
        case .missingValueColumn(let line):
            "Line \(line) has no value column; each row must be 'timestamp,value'."
        case .invalidTimestamp(let line, let text):
            "Line \(line): '\(text)' is not a timestamp; use RFC 3339 (2024-05-01T12:00:00Z), a date (2024-05-01) or epoch milliseconds."
        case .invalidValue(let line, let text):
            "Line \(line): '\(text)' is not a number; leave the field empty for a missing value."
        }
    }
}

/// Reads `timestamp,value` CSV and writes `timestamp,value,score,isAnomaly,severity` CSV.
public enum SeriesCSV {
    /// The output header line.
    public static let detectionHeader = "timestamp,value,score,isAnomaly,severity"

    /// Parses `text`, sorted by time (stable). A first line whose first field is not a timestamp is a
    /// header; it may name the columns (`timestamp`/`time`/`date`, `value`), otherwise columns 1 and 2 are used.
    public static func parse(_ text: String) throws(SeriesCSVError) -> [SeriesPoint] {
        var points: [SeriesPoint] = []
        var timeColumn = 0
        var valueColumn = 1
        var lineNumber = 0
        var isFirstContentLine = true
        // "\r\n" is one Character in Swift, so both line ends are separators.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(unquote)
            defer { isFirstContentLine = false }
            if isFirstContentLine, Timestamp.parse(fields[0]) == nil {
                let names = fields.map { $0.lowercased() }
                timeColumn = names.firstIndex(where: { ["timestamp", "time", "date", "datetime", "observedat"].contains($0) }) ?? 0
                valueColumn = names.firstIndex(of: "value") ?? (timeColumn == 0 ? 1 : 0)
                continue
            }
            guard fields.count > max(timeColumn, valueColumn) else { throw .missingValueColumn(line: lineNumber) }
            guard let timeMs = Timestamp.parse(fields[timeColumn]) else {
                throw .invalidTimestamp(line: lineNumber, text: String(fields[timeColumn]))
            }
            let valueText = String(fields[valueColumn])
            var value: Double?
            if !valueText.isEmpty, valueText.lowercased() != "nan", valueText.lowercased() != "null" {
                guard let parsed = Double(valueText), parsed.isFinite else { throw .invalidValue(line: lineNumber, text: valueText) }
                value = parsed
            }
            points.append(SeriesPoint(timeMs: timeMs, value: value, valueText: value == nil ? "" : valueText))
        }
        if zip(points, points.dropFirst()).contains(where: { $0.timeMs > $1.timeMs }) {
            points = points.enumerated().sorted { ($0.element.timeMs, $0.offset) < ($1.element.timeMs, $1.offset) }.map(\.element)
        }
        return points
    }

    /// One output row: RFC 3339 UTC time, the value as written, the score with 4 decimals, `true`/`false`, severity or empty.
    public static func detectionRow(point: SeriesPoint, score: AnomalyScore) -> String {
        let scoreText = formatFixed(score.anomalyScore, decimals: 4)
        return
            "\(Timestamp.format(ms: point.timeMs)),\(point.valueText),\(scoreText),\(score.isAnomaly),\(score.severity?.rawValue ?? "")"
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

    private static func unquote(_ field: Substring) -> Substring {
        let trimmed = field.drop(while: { $0 == " " || $0 == "\t" })
        var result = trimmed[...]
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        if result.count >= 2, result.first == "\"", result.last == "\"" { return result.dropFirst().dropLast() }
        return result
    }
}
