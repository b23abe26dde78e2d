/// Decodes a JSON array of observation objects (`application/json`) incrementally.
///
/// The array is never held whole: a small scanner finds each element's end across chunks
/// (tracking strings and nesting), and each element is then decoded on its own. An element
/// that is not a valid observation is one ``RecordError`` (its `line` is where it starts);
/// a broken array — no `[`, a missing `]`, a trailing comma, text after `]` — is a
/// ``BatchDecodeError`` with its position, after which nothing more is decoded.
public struct JSONArrayObservationDecoder: Sendable {
    private enum Phase { case beforeArray, beforeFirstElement, beforeElement, inElement, afterArray, failed }

    /// The limits this decoder enforces.
    public let limits: IngestLimits
    private var phase = Phase.beforeArray
    private var pending: RecordBuffer
    private var cache = TextCache()
    private var nextIndex = 0
    /// Bytes of the body before the current chunk.
    private var offset = 0
    /// One-based line at the scan position.
    private var line = 1
    private var elementLine = 1
    private var depth = 0
    private var inString = false
    private var escaped = false

    /// A decoder at the start of a body.
    public init(limits: IngestLimits = IngestLimits()) {
        self.limits = limits
        self.pending = RecordBuffer(limit: limits.maxRecordBytes)
    }

    /// Decodes the elements completed by `bytes`, passing each record or error to `sink` in order.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into sink: (DecodedItem) -> Void) {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { return }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        defer { offset += n }
        var i = 0
        var elementStart = 0
        while i < n {
            let b = p[i]
            switch phase {
            case .failed:
                return
            case .beforeArray:
                if isWhitespace(b) || isByteOrderMark(b, at: offset + i) {
                    if b == 0x0A { line += 1 }
                    i += 1
                } else if b == UInt8(ascii: "[") {
                    phase = .beforeFirstElement
                    i += 1
                } else {
                    fail(at: i, "The body must be a JSON array of observation objects starting with '[', but it starts with \(describe(b))", into: sink)
                    return
                }
            case .beforeFirstElement, .beforeElement:
                if isWhitespace(b) {
                    if b == 0x0A { line += 1 }
                    i += 1
                } else if b == UInt8(ascii: "]") {
                    guard phase == .beforeFirstElement else {
                        fail(at: i, "The JSON array has a ',' with no element after it", fix: "remove the trailing comma", into: sink)
                        return
                    }
                    phase = .afterArray
                    i += 1
                } else if b == UInt8(ascii: ",") {
                    fail(at: i, "The JSON array has a ',' where an element should be", fix: "remove the extra comma", into: sink)
                    return
                } else {
                    phase = .inElement
                    elementStart = i
                    elementLine = line
                    depth = 0
                    inString = false
                    escaped = false
                }
            case .inElement:
                if !pending.isActive, i == elementStart, b == UInt8(ascii: "{"), let next = decodeInPlace(p, from: i, count: n, into: sink) {
                    i = next
                    continue
                }
                guard let end = scanElement(p, &i, n) else {
                    if phase == .failed {
                        fail(at: i, "The JSON array has an unbalanced '}'", fix: "check the braces of the element starting at line \(elementLine)", into: sink)
                        return
                    }
                    continue
                }
                if pending.isActive {
                    pending.append(p, from: elementStart, end: end)
                    decodePending(into: sink)
                } else {
                    Self.decodeElement(p + elementStart, count: end - elementStart, limits: limits, index: nextIndex, line: elementLine, cache: &cache, into: sink)
                    nextIndex += 1
                }
                phase = p[end] == UInt8(ascii: ",") ? .beforeElement : .afterArray
                i = end + 1
            case .afterArray:
                guard isWhitespace(b) else {
                    fail(at: i, "The body has \(describe(b)) after the closing ']' of the array", fix: "send exactly one JSON array", into: sink)
                    return
                }
                if b == 0x0A { line += 1 }
                i += 1
            }
        }
        if phase == .inElement { pending.append(p, from: elementStart, end: n) }
    }

    /// Checks that the array was complete. Call once, at the end of the body.
    public mutating func finish(into sink: (DecodedItem) -> Void) {
        switch phase {
        case .afterArray, .failed:
            return
        case .beforeArray:
            fail(at: 0, "The body is empty", fix: "send a JSON array of observation objects, e.g. [{\"variable\":\"pm25\",\"value\":12.5,\"observedAt\":\"2024-05-01T13:00:00Z\",\"lat\":48.85,\"lng\":2.35}]", into: sink)
        case .beforeFirstElement, .beforeElement, .inElement:
            fail(at: 0, "The JSON array is not terminated: the body ends before its closing ']'", fix: "send the whole array", into: sink)
        }
        pending.reset()
    }

    /// Fast path for an element that starts at `start` in this chunk with `{`: decodes the object
    /// in place, in one pass, and returns the index after its `,` or `]` — or nil, having
    /// changed nothing, when the element is not a valid record followed by a delimiter within
    /// this chunk. The caller then scans the element and decodes it on its own, which gives the
    /// same record, or the error, that this path would have to reconstruct.
    @inline(__always)
    private mutating func decodeInPlace(_ p: UnsafePointer<UInt8>, from start: Int, count n: Int, into sink: (DecodedItem) -> Void) -> Int? {
        var reader = JSONRecordReader(p + start, count: min(n - start, limits.maxRecordBytes), maxDepth: limits.maxDepth, unit: "element")
        guard let record = try? reader.readLeadingObject(cache: &cache) else { return nil }
        var end = start + reader.position
        while end < n, p[end] == 0x20 || p[end] == 0x0A || p[end] == 0x0D || p[end] == 0x09 { end += 1 }
        guard end < n, end - start <= limits.maxRecordBytes, p[end] == UInt8(ascii: ",") || p[end] == UInt8(ascii: "]") else { return nil }
        sink(.record(index: nextIndex, line: elementLine, record))
        nextIndex += 1
        line += ByteSearch.count(0x0A, in: p, from: start, end: end)
        phase = p[end] == UInt8(ascii: ",") ? .beforeElement : .afterArray
        return end + 1
    }

    /// Scans from `i` to the end of the current element: returns the index of the `,` or `]`
    /// that ends it, or nil at the end of the chunk (or on an unbalanced `}`, setting `.failed`).
    @inline(__always)
    private mutating func scanElement(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int) -> Int? {
        while i < n {
            let b = p[i]
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                }
                if b == 0x0A { line += 1 }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"):
                guard depth > 0 else {
                    phase = .failed
                    return nil
                }
                depth -= 1
            case UInt8(ascii: "]"):
                if depth == 0 { return i }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 { return i }
            case 0x0A: line += 1
            default: break
            }
            i += 1
        }
        return nil
    }

    private mutating func decodePending(into sink: (DecodedItem) -> Void) {
        let limits = limits, index = nextIndex, line = elementLine
        if pending.overflowed {
            sink(.error(IngestMessage.tooLong("element", limit: limits.maxRecordBytes).recordError(index: index, line: line)))
        } else {
            var cache = TextCache()
            swap(&cache, &self.cache)
            pending.bytes.withUnsafeBufferPointer { buffer in
                Self.decodeElement(buffer.baseAddress!, count: buffer.count, limits: limits, index: index, line: line, cache: &cache, into: sink)
            }
            swap(&cache, &self.cache)
        }
        nextIndex += 1
        pending.reset()
    }

    /// Decodes one element (never empty: it starts with a non-blank byte) and passes its record
    /// or error to `sink`.
    @inline(__always)
    private static func decodeElement(
        _ p: UnsafePointer<UInt8>, count: Int, limits: IngestLimits, index: Int, line: Int, cache: inout TextCache,
        into sink: (DecodedItem) -> Void
    ) {
        guard count <= limits.maxRecordBytes else {
            sink(.error(IngestMessage.tooLong("element", limit: limits.maxRecordBytes).recordError(index: index, line: line)))
            return
        }
        var reader = JSONRecordReader(p, count: count, maxDepth: limits.maxDepth, unit: "element")
        do {
            sink(.record(index: index, line: line, try reader.read(cache: &cache)))
        } catch {
            sink(.error(error.recordError(index: index, line: line)))
        }
    }

    private mutating func fail(at i: Int, _ problem: String, fix: String = "send a JSON array of observation objects", into sink: (DecodedItem) -> Void) {
        let byteOffset = offset + i
        phase = .failed
        pending.reset()
        sink(.batchError(BatchDecodeError(byteOffset: byteOffset, line: line, reason: "\(problem) (line \(line), byte \(byteOffset)); \(fix).")))
    }

    @inline(__always)
    private func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    /// The UTF-8 byte order mark EF BB BF, tolerated at the very start of the body.
    private func isByteOrderMark(_ b: UInt8, at position: Int) -> Bool {
        (position == 0 && b == 0xEF) || (position == 1 && b == 0xBB) || (position == 2 && b == 0xBF)
    }

    private func describe(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        let digits = Array("0123456789ABCDEF")
        return "the byte 0x\(digits[Int(b >> 4)])\(digits[Int(b & 15)])"
    }
}
