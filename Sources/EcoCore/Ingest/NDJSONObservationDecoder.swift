/// Decodes newline-delimited JSON (`application/x-ndjson`): one observation object per line.
///
/// Feed the body in chunks split anywhere; lines that straddle chunks are reassembled. Blank
/// lines are skipped and take no index; every other line is one record or one ``RecordError``
/// (invalid JSON, a missing or mistyped field, a line longer than the limit), and the other
/// lines still decode. A UTF-8 byte order mark at the start is ignored. `\r\n` line ends work.
///
/// ```swift
/// var decoder = NDJSONObservationDecoder()
/// for try await buffer in request.body {
///     buffer.withUnsafeReadableBytes { decoder.feed($0) { item in handle(item) } }
/// }
/// decoder.finish { item in handle(item) }
/// ```
public struct NDJSONObservationDecoder: Sendable {
    /// The limits this decoder enforces.
    public let limits: IngestLimits
    private var pending: RecordBuffer
    private var cache = TextCache()
    private var nextIndex = 0
    private var linesDone = 0

    /// A decoder at the start of a body.
    public init(limits: IngestLimits = IngestLimits()) {
        self.limits = limits
        self.pending = RecordBuffer(limit: limits.maxRecordBytes)
    }

    /// Decodes the complete lines in `bytes` (and the line left over from the previous chunk),
    /// passing each record or error to `sink` in order; keeps an incomplete last line for later.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into sink: (DecodedItem) -> Void) {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { return }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        var start = 0
        if pending.isActive {
            guard let newline = ByteSearch.first(0x0A, in: p, from: 0, end: n) else {
                pending.append(p, from: 0, end: n)
                return
            }
            pending.append(p, from: 0, end: newline)
            decodePending(into: sink)
            start = newline + 1
        }
        let maxDepth = limits.maxDepth
        let maxBytes = limits.maxRecordBytes
        while let newline = ByteSearch.first(0x0A, in: p, from: start, end: n) {
            linesDone += 1
            if NDJSONLine.decode(
                p + start, count: newline - start, firstLine: linesDone == 1, maxBytes: maxBytes, maxDepth: maxDepth,
                index: nextIndex, line: linesDone, cache: &cache, into: sink)
            {
                nextIndex += 1
            }
            start = newline + 1
        }
        if start < n { pending.append(p, from: start, end: n) }
    }

    /// Decodes the last line when the body did not end with a newline. Call once, at the end.
    public mutating func finish(into sink: (DecodedItem) -> Void) {
        if pending.isActive { decodePending(into: sink) }
    }

    private mutating func decodePending(into sink: (DecodedItem) -> Void) {
        linesDone += 1
        let consumed: Bool
        if pending.overflowed {
            sink(.error(IngestMessage.tooLong("line", limit: limits.maxRecordBytes).recordError(index: nextIndex, line: linesDone)))
            consumed = true
        } else {
            let firstLine = linesDone == 1, maxBytes = limits.maxRecordBytes, maxDepth = limits.maxDepth
            let index = nextIndex, line = linesDone
            var cache = TextCache()
            swap(&cache, &self.cache)
            consumed = pending.bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return false }
                return NDJSONLine.decode(
                    base, count: buffer.count, firstLine: firstLine, maxBytes: maxBytes, maxDepth: maxDepth,
                    index: index, line: line, cache: &cache, into: sink)
            }
            swap(&cache, &self.cache)
        }
        if consumed { nextIndex += 1 }
        pending.reset()
    }
}

/// One NDJSON line to one decoded item.
enum NDJSONLine {
    /// Decodes one NDJSON line (without its `\n`) and passes its record or error to `sink`;
    /// returns false, passing nothing, for a blank line.
    @inline(__always)
    static func decode(
        _ p: UnsafePointer<UInt8>, count: Int, firstLine: Bool, maxBytes: Int, maxDepth: Int,
        index: Int, line: Int, cache: inout TextCache, into sink: (DecodedItem) -> Void
    ) -> Bool {
        // The limit comes first, as for a line that overflowed while straddling chunks.
        guard count <= maxBytes else {
            sink(.error(IngestMessage.tooLong("line", limit: maxBytes).recordError(index: index, line: line)))
            return true
        }
        var p = p, n = count
        if firstLine, n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF {
            p += 3
            n -= 3
        }
        var k = 0
        while k < n, p[k] == 0x20 || p[k] == 0x09 || p[k] == 0x0D { k += 1 }
        if k == n { return false }
        var reader = JSONRecordReader(p, count: n, maxDepth: maxDepth, unit: "line")
        do {
            sink(.record(index: index, line: line, try reader.read(cache: &cache)))
        } catch {
            sink(.error(error.recordError(index: index, line: line)))
        }
        return true
    }
}
