/// Splits comma- or tab-separated text into records of fields (RFC 4180 for commas: quoted
/// fields may hold the delimiter, `""` and line breaks). Tab-separated text, as GBIF writes it,
/// is not quoted: a `"` there is an ordinary character.
///
/// A plain reader over the whole body; occurrence and carbon activity files are far smaller than
/// observation streams, which have their own byte-level decoder. Public for EcoCarbon's readers.
public struct DelimitedRecords: Sendable {
    /// One record: its fields, the 1-based line it starts on, and why it is malformed, if it is.
    public struct Record: Sendable {
        /// The fields, unquoted.
        public var fields: [String]
        /// The 1-based line the record starts on.
        public var line: Int
        /// Why the record is malformed (an unclosed quote), or nil.
        public var issue: String?
    }

    /// The field delimiter: a comma or a tab.
    public let delimiter: UInt8
    /// Whether `"` quotes fields (comma-separated text) or is an ordinary character (tabs).
    public let quoted: Bool

    /// Tab when the first line has a tab and no comma; otherwise comma.
    public init(detectingFrom bytes: ArraySlice<UInt8>) {
        let firstLine = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let tab = firstLine.contains(UInt8(ascii: "\t")) && !firstLine.contains(UInt8(ascii: ","))
        delimiter = tab ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        quoted = !tab
    }

    /// Every record of `bytes`, blank lines skipped.
    public func records(_ bytes: ArraySlice<UInt8>) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var inQuotes = false, wasQuoted = false
        var index = bytes.startIndex
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord(issue: String? = nil) {
            endField()
            let blank = fields.count == 1 && fields[0].isEmpty
            if !blank || issue != nil { records.append(Record(fields: fields, line: recordLine, issue: issue)) }
            fields.removeAll(keepingCapacity: true)
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.endIndex && bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case delimiter:
                endField()
            case UInt8(ascii: "\n"):
                if field.last == UInt8(ascii: "\r") && !wasQuoted { field.removeLast() }
                endRecord()
                line += 1
                recordLine = line
            case UInt8(ascii: "\r") where wasQuoted:
                break
            case UInt8(ascii: "\"") where quoted && field.isEmpty && !wasQuoted:
                inQuotes = true
                wasQuoted = true
            default:
                field.append(byte)
            }
        }
        if inQuotes {
            endRecord(issue: "A quoted field is never closed; end it with \" (write a quote inside a quoted field as \"\").")
        } else if !field.isEmpty || !fields.isEmpty {
            if field.last == UInt8(ascii: "\r") && !wasQuoted { field.removeLast() }
            endRecord()
        }
        return records
    }
}
