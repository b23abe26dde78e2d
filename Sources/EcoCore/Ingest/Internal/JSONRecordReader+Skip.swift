extension JSONRecordReader {
    /// The content of the string between `start` and `end` (exclusive, quotes not included),
    /// with its escapes resolved: `\" \\ \/ \b \f \n \r \t` and `\uXXXX`, surrogate pairs included.
    mutating func decodeEscapedString(_ start: Int, _ end: Int) throws(FieldIssue) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        var k = start
        while k < end {
            let b = p[k]
            guard b == UInt8(ascii: "\\") else {
                bytes.append(b)
                k += 1
                continue
            }
            guard k + 1 < end else { throw syntax("a string ends with a lone backslash", at: k) }
            let escape = p[k + 1]
            k += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(at: k, end: end) else { throw syntax("\\u must be followed by four hex digits", at: k - 2) }
                k += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard k + 6 <= end, p[k] == UInt8(ascii: "\\"), p[k + 1] == UInt8(ascii: "u"),
                        let low = hex4(at: k + 2, end: end), (0xDC00...0xDFFF).contains(low)
                    else { throw syntax("a \\u high surrogate must be followed by a \\u low surrogate", at: k - 6) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    k += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw syntax("a \\u low surrogate without a high surrogate before it", at: k - 6)
                }
                appendUTF8(Unicode.Scalar(scalar)!, to: &bytes)
            default:
                throw syntax("'\\\(Character(Unicode.Scalar(escape)))' is not a JSON escape", at: k - 2)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func hex4(at k: Int, end: Int) -> UInt32? {
        guard k + 4 <= end else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let b = p[k + offset]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - 55
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        UTF8.encode(scalar) { bytes.append($0) }
    }

    /// Moves past one JSON value of an ignored field, checking its syntax, without recursion.
    /// `depth` is the nesting of the object holding it; deeper than `maxDepth` is an error.
    mutating func skipValue(depth: Int) throws(FieldIssue) {
        // Open containers, innermost last: true for an object, false for an array.
        var open: [Bool] = []
        while true {
            // A value.
            guard i < n else { throw syntax("expected a value") }
            switch p[i] {
            case UInt8(ascii: "\""):
                let (start, end, escaped) = try scanString()
                if escaped { _ = try decodeEscapedString(start, end) }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = p[i] == UInt8(ascii: "{")
                guard depth + open.count + 1 <= maxDepth else {
                    throw FieldIssue(field: nil, reason: "The \(unit) nests objects and arrays deeper than \(maxDepth) levels at column \(i + 1); flatten the extra fields or leave them out.")
                }
                open.append(isObject)
                i += 1
                skipWhitespace()
                if i < n, p[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    open.removeLast()
                    i += 1
                } else {
                    if isObject { try skipKeyAndColon() }
                    continue
                }
            case UInt8(ascii: "t"): try skipLiteral("true")
            case UInt8(ascii: "f"): try skipLiteral("false")
            case UInt8(ascii: "n"): try skipLiteral("null")
            default: try skipNumber()
            }
            // After a value: close containers or move to the next member.
            while true {
                guard let isObject = open.last else { return }
                skipWhitespace()
                guard i < n else { throw syntax(isObject ? "unterminated object" : "unterminated array") }
                if p[i] == UInt8(ascii: ",") {
                    i += 1
                    skipWhitespace()
                    if isObject { try skipKeyAndColon() }
                    break
                }
                guard p[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw syntax(isObject ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array")
                }
                open.removeLast()
                i += 1
            }
        }
    }

    private mutating func skipKeyAndColon() throws(FieldIssue) {
        guard i < n, p[i] == UInt8(ascii: "\"") else { throw syntax("expected a field name in double quotes") }
        let (start, end, escaped) = try scanString()
        if escaped { _ = try decodeEscapedString(start, end) }
        skipWhitespace()
        guard i < n, p[i] == UInt8(ascii: ":") else { throw syntax("expected ':' after a field name") }
        i += 1
        skipWhitespace()
    }

    private mutating func skipLiteral(_ literal: StaticString) throws(FieldIssue) {
        let length = literal.utf8CodeUnitCount
        let q = literal.utf8Start
        guard n - i >= length else { throw syntax("expected \(literal)") }
        for k in 0..<length where p[i + k] != q[k] { throw syntax("expected \(literal)") }
        i += length
    }

    private mutating func skipNumber() throws(FieldIssue) {
        let start = i
        while i < n {
            let b = p[i]
            guard b &- 48 < 10 || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b | 0x20 == UInt8(ascii: "e") else { break }
            i += 1
        }
        guard i > start, DecimalParser.parse(p + start, count: i - start, grammar: .json) != .invalid else {
            throw syntax("unexpected character '\(IngestMessage.shown(text(start, min(n, max(i, start + 1)))))'", at: start)
        }
    }
}
