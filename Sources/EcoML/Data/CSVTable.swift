/// A CSV file as a header and rows of text cells (RFC 4180: quoted cells, doubled quotes, CRLF or LF).
public struct CSVTable: Sendable, Equatable {
    /// Column names from the first line.
    public var header: [String]
    /// Data rows; each has `header.count` cells.
    public var rows: [[String]]

    /// Creates a table from its parts.
    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// Parses CSV text; blank lines are skipped.
    ///
    /// - Throws: ``MLError/csv(line:message:)`` for an unterminated quote or a row with the wrong cell count.
    public init(parsing text: String) throws {
        var records = [[String]]()
        var lines = [Int]()
        var record = [String](), cell = [UInt8]()
        var inQuotes = false, quotedCell = false
        var line = 1, recordLine = 1
        let bytes = Array(text.utf8)
        var i = 0
        func endCell() {
            record.append(String(decoding: cell, as: UTF8.self))
            cell.removeAll(keepingCapacity: true)
            quotedCell = false
        }
        func endRecord() {
            endCell()
            if !(record.count == 1 && record[0].isEmpty) {
                records.append(record)
                lines.append(recordLine)
            }
            record.removeAll()
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        cell.append(b)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    cell.append(b)
                }
            } else if b == UInt8(ascii: "\"") && cell.isEmpty && !quotedCell {
                inQuotes = true
                quotedCell = true
            } else if b == UInt8(ascii: ",") {
                endCell()
            } else if b == UInt8(ascii: "\n") {
                endRecord()
                line += 1
                recordLine = line
            } else if b != UInt8(ascii: "\r") {
                cell.append(b)
            }
            i += 1
        }
        if inQuotes { throw MLError.csv(line: recordLine, message: "a quoted cell is not closed; add the closing \"") }
        if !cell.isEmpty || !record.isEmpty { endRecord() }
        guard let header = records.first else { throw MLError.csv(line: 1, message: "the file is empty; expected a header line") }
        self.header = header.map { $0.trimmingSpaces() }
        rows = []
        rows.reserveCapacity(records.count - 1)
        for (r, lineNumber) in zip(records.dropFirst(), lines.dropFirst()) {
            guard r.count == header.count else {
                throw MLError.csv(line: lineNumber, message: "has \(r.count) cells but the header has \(header.count)")
            }
            rows.append(r)
        }
    }

    /// Index of the column named `name`.
    public func column(named name: String) -> Int? { header.firstIndex(of: name) }

    /// The table as CSV text, quoting cells that need it.
    public var text: String {
        func quote(_ cell: String) -> String {
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = header.map(quote).joined(separator: ",") + "\n"
        for row in rows { out += row.map(quote).joined(separator: ",") + "\n" }
        return out
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }

    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
