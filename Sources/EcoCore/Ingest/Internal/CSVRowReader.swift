/// Reads one CSV data row into an observation, by the columns of the header.
struct CSVRowReader {
    private var splitter: CSVFieldSplitter
    private let header: CSVHeader

    init(_ p: UnsafePointer<UInt8>, count: Int, header: CSVHeader) {
        self.splitter = CSVFieldSplitter(p, count: count)
        self.header = header
    }

    mutating func read() throws(FieldIssue) -> ObservationRecord {
        var fields = RecordFields()
        // A field problem is reported only if the row has the right number of fields;
        // otherwise the columns are shifted and the count is the real problem.
        var firstIssue: FieldIssue?
        let columns = header.columns
        while let field = try splitter.next() {
            let column = splitter.column - 1
            guard firstIssue == nil, column < columns.count, let name = columns[column] else { continue }
            do {
                try field.withBytes { (p, n) throws(FieldIssue) in try Self.read(name, p, n, into: &fields) }
            } catch {
                firstIssue = error
            }
        }
        guard splitter.column == columns.count else {
            throw FieldIssue(
                field: nil,
                reason: "The row has \(splitter.column) fields but the header has \(columns.count); quote fields that contain commas, e.g. \"Paris, FR\".")
        }
        if let firstIssue { throw firstIssue }
        return try fields.take()
    }

    private static func read(_ field: ObservationField, _ p: UnsafePointer<UInt8>, _ count: Int, into fields: inout RecordFields) throws(FieldIssue) {
        switch field {
        case .value, .lat, .lng:
            let (start, end) = trimmed(p, count)
            guard end > start else {
                if field == .value { throw IngestMessage.missing(.value) }
                return
            }
            let number: Double
            switch DecimalParser.parse(p + start, count: end - start, grammar: .lenient) {
            case .value(let value): number = value
            case .invalid: throw IngestMessage.badNumber(field, text: text(p + start, end - start))
            case .outOfRange: throw IngestMessage.numberOutOfRange(field, text: text(p + start, end - start))
            }
            switch field {
            case .value:
                fields.setValue(number)
            case .lat: fields.record.lat = number
            default: fields.record.lng = number
            }
        case .observedAt:
            let (start, end) = trimmed(p, count)
            guard end > start else { throw IngestMessage.missing(.observedAt) }
            guard let ms = TimestampParser.parse(p + start, count: end - start) else {
                throw IngestMessage.badTime(text: text(p + start, end - start))
            }
            fields.setObservedAt(ms)
        case .variable, .unit, .h3Index, .source, .stationId, .quality:
            fields.setText(field, count == 0 ? nil : text(p, count))
        }
    }

    /// The range of `p[0..<count]` without surrounding spaces and tabs.
    @inline(__always)
    private static func trimmed(_ p: UnsafePointer<UInt8>, _ count: Int) -> (Int, Int) {
        var start = 0, end = count
        while start < end, p[start] == 0x20 || p[start] == 0x09 { start += 1 }
        while end > start, p[end - 1] == 0x20 || p[end - 1] == 0x09 { end -= 1 }
        return (start, end)
    }

    @inline(__always)
    private static func text(_ p: UnsafePointer<UInt8>, _ count: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    }
}
