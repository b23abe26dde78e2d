/// Reads one observation object from the bytes of one NDJSON line or one JSON array element.
///
/// Known fields are decoded in place (no intermediate tree); unknown fields are checked for
/// JSON syntax and skipped, without recursion, up to ``IngestLimits/maxDepth``. Any failure is a
/// ``FieldIssue`` naming the field or, for malformed JSON, the column.
struct JSONRecordReader {
    /// What the bytes are, for messages: "line" (NDJSON) or "element" (JSON array).
    let unit: String
    let p: UnsafePointer<UInt8>
    let n: Int
    let maxDepth: Int
    var i = 0
    /// Swapped in by ``read(cache:)`` for the duration of one record.
    private var cache = TextCache()
    /// The record being read, built in place.
    private var fields = RecordFields()

    init(_ p: UnsafePointer<UInt8>, count: Int, maxDepth: Int, unit: String) {
        self.p = p
        self.n = count
        self.maxDepth = maxDepth
        self.unit = unit
    }

    /// The record in the bytes, reusing and updating `cache` for repeated texts.
    mutating func read(cache: inout TextCache) throws(FieldIssue) -> ObservationRecord {
        swap(&self.cache, &cache)
        defer { swap(&self.cache, &cache) }
        return try read()
    }

    /// The record in the bytes, which must hold one object and only whitespace around it.
    mutating func read() throws(FieldIssue) -> ObservationRecord {
        try readObject()
        skipWhitespace()
        guard i == n else { throw syntax("unexpected text after the closing '}'") }
        return try fields.take()
    }

    /// The record of the object at the start of the bytes, which may go on after it; the
    /// object ends just before ``position``. Used to decode a JSON array element in one pass.
    mutating func readLeadingObject(cache: inout TextCache) throws(FieldIssue) -> ObservationRecord {
        swap(&self.cache, &cache)
        defer { swap(&self.cache, &cache) }
        try readObject()
        return try fields.take()
    }

    /// Index just after what has been read.
    var position: Int { i }

    /// Reads one object (after optional whitespace) into `fields`, up to its closing brace.
    private mutating func readObject() throws(FieldIssue) {
        skipWhitespace()
        guard i < n, p[i] == UInt8(ascii: "{") else {
            if i < n, let kind = Self.kindAt(p[i]) {
                throw FieldIssue(field: nil, reason: "The \(unit) is \(kind), not a JSON object; send each observation as an object such as {\"variable\":\"pm25\",\"value\":12.5,\"observedAt\":\"2024-05-01T13:00:00Z\",\"lat\":48.85,\"lng\":2.35}.")
            }
            throw syntax("expected '{' to start an observation object")
        }
        i += 1
        skipWhitespace()
        if i < n, p[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                guard i < n, p[i] == UInt8(ascii: "\"") else { throw syntax("expected a field name in double quotes") }
                let field = try readKey()
                skipWhitespace()
                guard i < n, p[i] == UInt8(ascii: ":") else { throw syntax("expected ':' after a field name") }
                i += 1
                skipWhitespace()
                guard i < n else { throw syntax("expected a value after ':'") }
                if let field {
                    try readField(field)
                } else {
                    try skipValue(depth: 1)
                }
                skipWhitespace()
                guard i < n else { throw syntax("expected ',' or '}' after a value") }
                if p[i] == UInt8(ascii: ",") {
                    i += 1
                    skipWhitespace()
                    continue
                }
                guard p[i] == UInt8(ascii: "}") else { throw syntax("expected ',' or '}' after a value") }
                i += 1
                break
            }
        }
    }

    // MARK: - Fields

    private mutating func readField(_ field: ObservationField) throws(FieldIssue) {
        let first = p[i]
        switch field {
        case .value, .lat, .lng:
            if first == UInt8(ascii: "n") {
                try expectLiteral("null")
                guard field != .value else { throw IngestMessage.null(field) }
                if field == .lat { fields.record.lat = nil } else { fields.record.lng = nil }
                return
            }
            guard first == UInt8(ascii: "-") || first &- 48 < 10 else { throw try wrongType(field) }
            let number = try readNumber(for: field)
            switch field {
            case .value:
                fields.setValue(number)
            case .lat: fields.record.lat = number
            default: fields.record.lng = number
            }
        case .observedAt:
            if first == UInt8(ascii: "\"") {
                let (start, end, escaped) = try scanString()
                if escaped {
                    let text = try decodeEscapedString(start, end)
                    guard let ms = Timestamp.parse(text) else { throw IngestMessage.badTime(text: text) }
                    fields.setObservedAt(ms)
                } else {
                    guard let ms = TimestampParser.parse(p + start, count: end - start) else {
                        throw IngestMessage.badTime(text: text(start, end))
                    }
                    fields.setObservedAt(ms)
                }
            } else if first == UInt8(ascii: "-") || first &- 48 < 10 {
                let start = i
                _ = try readNumber(for: field)
                guard let ms = TimestampParser.parseEpochMilliseconds(p + start, count: i - start) else {
                    throw IngestMessage.badTime(text: text(start, i))
                }
                fields.setObservedAt(ms)
            } else if first == UInt8(ascii: "n") {
                try expectLiteral("null")
                throw IngestMessage.null(field)
            } else {
                throw try wrongType(field)
            }
        case .quality where first == UInt8(ascii: "-") || first &- 48 < 10:
            let start = i
            _ = try readNumber(for: field)
            fields.record.quality = text(start, i)
        case .variable, .unit, .h3Index, .source, .stationId, .quality:
            if first == UInt8(ascii: "\"") {
                fields.setText(field, try readString(for: field))
            } else if first == UInt8(ascii: "n") {
                try expectLiteral("null")
                guard field != .variable else { throw IngestMessage.null(field) }
                fields.setText(field, nil)
            } else {
                throw try wrongType(field)
            }
        }
    }

    /// A type error for `field`, after checking that the offending value is at least valid JSON.
    private mutating func wrongType(_ field: ObservationField) throws(FieldIssue) -> FieldIssue {
        let kind = Self.kindAt(p[i]) ?? "not JSON"
        try skipValue(depth: 1)
        return IngestMessage.wrongType(field, got: kind)
    }

    private static func kindAt(_ byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): "a number"
        default: nil
        }
    }

    // MARK: - Tokens

    @inline(__always)
    mutating func skipWhitespace() {
        while i < n {
            let b = p[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self)
    }

    func syntax(_ problem: String, at position: Int? = nil) -> FieldIssue {
        let column = (position ?? i) + 1
        let fix = unit == "line" ? "send one JSON object per line" : "send each element as a JSON object"
        return FieldIssue(field: nil, reason: "The \(unit) is not valid JSON at column \(column): \(problem); \(fix).")
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(FieldIssue) {
        let length = literal.utf8CodeUnitCount
        guard n - i >= length else { throw syntax("expected \(literal)") }
        let q = literal.utf8Start
        for k in 0..<length where p[i + k] != q[k] { throw syntax("expected \(literal)") }
        i += length
    }

    /// A JSON number at `i`, correctly rounded.
    private mutating func readNumber(for field: ObservationField) throws(FieldIssue) -> Double {
        let start = i
        let (outcome, length) = DecimalParser.parsePrefix(p + start, count: n - start, grammar: .json)
        i = start + length
        // A number must end where the grammar ends: "1.5.2" or "01" is one bad token.
        if i < n, Self.isNumberByte(p[i]) { return try badNumber(at: start) }
        switch outcome {
        case .value(let value): return value
        case .invalid: return try badNumber(at: start)
        case .outOfRange: throw IngestMessage.numberOutOfRange(field, text: text(start, i))
        }
    }

    private mutating func badNumber(at start: Int) throws(FieldIssue) -> Double {
        i = start
        throw syntax("'\(IngestMessage.shown(text(start, start + max(1, scanTokenEnd(from: start) - start))))' is not a JSON number")
    }

    @inline(__always)
    static func isNumberByte(_ b: UInt8) -> Bool {
        b &- 48 < 10 || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b | 0x20 == UInt8(ascii: "e")
    }

    private func scanTokenEnd(from start: Int) -> Int {
        var end = start
        while end < n, end - start < 32 {
            let b = p[end]
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 { break }
            end += 1
        }
        return end
    }

    /// Moves past the string starting at `i` (on its quote); returns its content range and
    /// whether it holds escapes. Escapes are validated later, when decoded.
    mutating func scanString() throws(FieldIssue) -> (start: Int, end: Int, escaped: Bool) {
        i += 1
        let start = i
        var escaped = false
        while true {
            // Eight bytes at a time: the lowest flagged byte of `special` is exactly the first
            // quote, backslash or control character (later flags may be false positives).
            while i + 8 <= n {
                let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                let quote = word ^ 0x2222_2222_2222_2222
                let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
                let special = ((quote &- 0x0101_0101_0101_0101) & ~quote)
                    | ((backslash &- 0x0101_0101_0101_0101) & ~backslash)
                    | ((word &- 0x2020_2020_2020_2020) & ~word)
                let flagged = special & 0x8080_8080_8080_8080
                if flagged == 0 {
                    i += 8
                } else {
                    i += flagged.trailingZeroBitCount >> 3
                    break
                }
            }
            guard i < n else { throw syntax("unterminated string") }
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return (start, i - 1, escaped)
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                i += 2
                continue
            }
            if b < 0x20 { throw syntax("control character \(b) inside a string; escape it, e.g. \\n") }
            i += 1
        }
    }

    private mutating func readString(for field: ObservationField) throws(FieldIssue) -> String {
        let (start, end, escaped) = try scanString()
        return escaped ? try decodeEscapedString(start, end) : cache.text(for: field, p + start, count: end - start)
    }

    /// The field named by the key string at `i`, or nil for an unknown field.
    private mutating func readKey() throws(FieldIssue) -> ObservationField? {
        if let field = matchPlainKey() { return field }
        let (start, end, escaped) = try scanString()
        if !escaped { return ObservationField.match(p + start, count: end - start) }
        var name = try decodeEscapedString(start, end)
        return name.withUTF8 { $0.isEmpty ? nil : ObservationField.match($0.baseAddress!, count: $0.count) }
    }

    /// Fast path of ``readKey()``: one of the known names, unescaped, compared eight bytes at a
    /// time with its closing quote. The constants are the names' UTF-8 bytes read as
    /// little-endian `UInt64`s (e.g. `variable` = 0x656c626169726176).
    @inline(__always)
    private mutating func matchPlainKey() -> ObservationField? {
        guard i + 12 <= n else { return nil }
        let q = p + i + 1
        let word = UnsafeRawPointer(q).loadUnaligned(as: UInt64.self)
        let field: ObservationField
        let length: Int
        switch word & 0xFF {
        case 0x76:  // v
            if word == 0x656c_6261_6972_6176, q[8] == 0x22 {
                (field, length) = (.variable, 8)
            } else if word & 0xFFFF_FFFF_FFFF == 0x2265_756c_6176 {
                (field, length) = (.value, 5)
            } else {
                return nil
            }
        case 0x6F:  // o
            guard word == 0x6465_7672_6573_626f, q[8] == UInt8(ascii: "A"), q[9] == UInt8(ascii: "t"), q[10] == 0x22 else { return nil }
            (field, length) = (.observedAt, 10)
        case 0x6C:  // l
            switch word & 0xFFFF_FFFF {
            case 0x2274_616c: (field, length) = (.lat, 3)
            case 0x2267_6e6c: (field, length) = (.lng, 3)
            default: return nil
            }
        case 0x75:  // u
            guard word & 0xFF_FFFF_FFFF == 0x22_7469_6e75 else { return nil }
            (field, length) = (.unit, 4)
        case 0x73:  // s
            if word & 0xFF_FFFF_FFFF_FFFF == 0x22_6563_7275_6f73 {
                (field, length) = (.source, 6)
            } else if word == 0x496e_6f69_7461_7473, q[8] == UInt8(ascii: "d"), q[9] == 0x22 {
                (field, length) = (.stationId, 9)
            } else {
                return nil
            }
        case 0x68:  // h
            guard word == 0x2278_6564_6e49_3368 else { return nil }
            (field, length) = (.h3Index, 7)
        case 0x71:  // q
            guard word == 0x2279_7469_6c61_7571 else { return nil }
            (field, length) = (.quality, 7)
        default:
            return nil
        }
        i += length + 2
        return field
    }
}
