/// One data row of a `timestamp,value` file.
public struct TimeValueRow: Sendable, Equatable {
    /// The row's 1-based line in the file.
    public var line: Int
    /// Milliseconds since the Unix epoch, UTC.
    public var timeMs: Int64
    /// The value; nil for a gap (an empty field, `NaN`, `NA` or `null`).
    public var value: Double?
    /// The value field as written, trimmed and unquoted; empty for a gap.
    public var valueText: String
}

/// Why a `timestamp,value` file could not be read; lines count from 1.
public enum TimeValueCSVError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingValueColumn(line: Int)
    case invalidTimestamp(line: Int, text: String)
    case invalidValue(line: Int, text: String)

    /// The line that could not be read.
    public var line: Int {
        switch self {
        case let .missingValueColumn(line), let .invalidTimestamp(line, _), let .invalidValue(line, _): line
        }
    }

    /// What is wrong with that line, without the line number.
    public var reason: String {
        switch self {
        case .missingValueColumn: "it has no value column"
        case let .invalidTimestamp(_, text): "'\(text)' is not a timestamp"
        case let .invalidValue(_, text): "'\(text)' is not a number"
        }
    }

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

/// Reads the `timestamp,value` series files of the `detect` and `forecast` commands.
public enum TimeValueCSV {
    /// Spellings of a missing value besides the empty field (compared in lower case).
    static let gapSpellings: Set<String> = ["nan", "na", "null"]
    /// Header names of the time column (compared in lower case).
    static let timeColumnNames: Set<String> = ["timestamp", "time", "date", "datetime", "observedat"]

    /// Parses `text` into rows sorted by time (stable). Blank lines are skipped; fields may be quoted.
    /// A first line whose first field is not a timestamp is a header: it may name the columns
    /// (`timestamp`/`time`/`date`/`datetime`/`observedAt`, and `value`), otherwise columns 1 and 2 are used.
    /// Timestamps are anything ``Timestamp/parse(_:)`` reads.
    public static func parse(_ text: String) throws(TimeValueCSVError) -> [TimeValueRow] {
        var rows: [TimeValueRow] = []
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
                timeColumn = names.firstIndex(where: timeColumnNames.contains) ?? 0
                valueColumn = names.firstIndex(of: "value") ?? (timeColumn == 0 ? 1 : 0)
                continue
            }
            guard fields.count > max(timeColumn, valueColumn) else { throw .missingValueColumn(line: lineNumber) }
            guard let timeMs = Timestamp.parse(fields[timeColumn]) else {
                throw .invalidTimestamp(line: lineNumber, text: String(fields[timeColumn]))
            }
            let valueText = String(fields[valueColumn])
            var value: Double?
            if !valueText.isEmpty, !gapSpellings.contains(valueText.lowercased()) {
                guard let parsed = Double(valueText), parsed.isFinite else { throw .invalidValue(line: lineNumber, text: valueText) }
                value = parsed
            }
            rows.append(TimeValueRow(line: lineNumber, timeMs: timeMs, value: value, valueText: value == nil ? "" : valueText))
        }
        if zip(rows, rows.dropFirst()).contains(where: { $0.timeMs > $1.timeMs }) {
            rows = rows.enumerated().sorted { ($0.element.timeMs, $0.offset) < ($1.element.timeMs, $1.offset) }.map(\.element)
        }
        return rows
    }

    /// The field without surrounding blanks and one pair of surrounding double quotes.
    private static func unquote(_ field: Substring) -> Substring {
        let trimmed = field.drop(while: { $0 == " " || $0 == "\t" })
        var result = trimmed[...]
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        if result.count >= 2, result.first == "\"", result.last == "\"" { return result.dropFirst().dropLast() }
        return result
    }
}
