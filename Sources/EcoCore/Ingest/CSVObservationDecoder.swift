/// Decodes CSV with a header line (`text/csv`, RFC 4180) incrementally.
///
/// The header names the columns as the JSON fields do (case-sensitive): `variable`, `value`
/// and `observedAt`, plus `lat` and `lng` or `h3Index`, are required; `unit`, `source`,
/// `stationId`, `quality` are optional; other columns are ignored. A header without the
/// required columns is a ``BatchDecodeError``. Fields may be quoted (`"a,b"`, `"say ""hi"""`,
/// line breaks inside quotes); rows end with LF or CRLF; a byte order mark at the start is
/// ignored; blank rows are skipped and take no index. Each data row is one record or one
/// ``RecordError``: empty optional cells mean "not given", numbers are decimals (`NaN` and
/// `Infinity` are rejected), `observedAt` is RFC 3339 or epoch milliseconds.
public struct CSVObservationDecoder: Sendable {
    /// The sentence that names the header's required and optional columns (for help texts and errors).
    public static var headerRequirement: String { CSVHeader.requirement }

    /// The limits this decoder enforces.
    public let limits: IngestLimits
    private var pending: RecordBuffer
    private var header: CSVHeader?
    private var failed = false
    private var nextIndex = 0
    /// Whether the scan position is inside a quoted field (quote parity of the current row).
    private var insideQuotes = false
    /// Bytes of the body before the current chunk.
    private var offset = 0
    /// One-based line at the scan position, and where the current row started.
    private var line = 1
    private var rowLine = 1
    private var rowOffset = 0

    /// A decoder at the start of a body.
    public init(limits: IngestLimits = IngestLimits()) {
        self.limits = limits
        self.pending = RecordBuffer(limit: limits.maxRecordBytes)
    }

    /// Decodes the rows completed by `bytes`, passing each record or error to `sink` in order.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into sink: (DecodedItem) -> Void) {
        guard !failed, let raw = bytes.baseAddress, bytes.count > 0 else { return }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        defer { offset += n }
        var start = 0
        var scan = 0
        while let newline = ByteSearch.first(0x0A, in: p, from: scan, end: n) {
            if ByteSearch.count(UInt8(ascii: "\""), in: p, from: scan, end: newline) & 1 == 1 { insideQuotes.toggle() }
            scan = newline + 1
            line += 1
            if insideQuotes { continue }  // a line break inside a quoted field
            if pending.isActive {
                pending.append(p, from: start, end: newline)
                decodePending(into: sink)
            } else {
                decodeRow(p + start, count: newline - start, overflowed: false, into: sink)
            }
            if failed { return }
            start = scan
            rowLine = line
            rowOffset = offset + scan
        }
        if scan < n, ByteSearch.count(UInt8(ascii: "\""), in: p, from: scan, end: n) & 1 == 1 { insideQuotes.toggle() }
        if start < n { pending.append(p, from: start, end: n) }
    }

    /// Decodes the last row when the body did not end with a line break, and reports a body
    /// without a header. Call once, at the end.
    public mutating func finish(into sink: (DecodedItem) -> Void) {
        guard !failed else { return }
        if pending.isActive { decodePending(into: sink) }
        if header == nil, !failed {
            fail(CSVHeader.requirement + " The body has no header line.", into: sink)
        }
    }

    private mutating func decodePending(into sink: (DecodedItem) -> Void) {
        if pending.overflowed {
            decodeRow(nil, count: 0, overflowed: true, into: sink)
        } else {
            var row = RecordBuffer(limit: limits.maxRecordBytes)
            swap(&row, &pending)
            row.bytes.withUnsafeBufferPointer { buffer in
                decodeRow(buffer.baseAddress, count: buffer.count, overflowed: false, into: sink)
            }
            swap(&row, &pending)
        }
        pending.reset()
    }

    private mutating func decodeRow(_ p: UnsafePointer<UInt8>?, count: Int, overflowed: Bool, into sink: (DecodedItem) -> Void) {
        guard var p, !overflowed, count <= limits.maxRecordBytes else {
            if header == nil {
                fail("The CSV header line is longer than \(limits.maxRecordBytes) bytes; send a header naming only the columns.", into: sink)
                return
            }
            emit(.issue(IngestMessage.tooLong("row", limit: limits.maxRecordBytes)), into: sink)
            return
        }
        var n = count
        if rowOffset == 0, n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF {
            p += 3
            n -= 3
        }
        if n > 0, p[n - 1] == 0x0D { n -= 1 }
        var k = 0
        while k < n, p[k] == 0x20 || p[k] == 0x09 { k += 1 }
        if k == n { return }  // blank row
        guard let header else {
            switch CSVHeader.parse(p, count: n) {
            case .success(let parsed): self.header = parsed
            case .failure(let problem): fail(problem.reason, into: sink)
            }
            return
        }
        var reader = CSVRowReader(p, count: n, header: header)
        do {
            emit(.record(try reader.read()), into: sink)
        } catch {
            emit(.issue(error), into: sink)
        }
    }

    @inline(__always)
    private mutating func emit(_ outcome: RowOutcome, into sink: (DecodedItem) -> Void) {
        switch outcome {
        case .blank: return
        case .record(let record): sink(.record(index: nextIndex, line: rowLine, record))
        case .issue(let issue): sink(.error(issue.recordError(index: nextIndex, line: rowLine)))
        }
        nextIndex += 1
    }

    private mutating func fail(_ problem: String, into sink: (DecodedItem) -> Void) {
        failed = true
        pending.reset()
        sink(.batchError(BatchDecodeError(byteOffset: rowOffset, line: rowLine, reason: problem)))
    }
}

/// What one CSV row holds.
enum RowOutcome {
    case blank
    case record(ObservationRecord)
    case issue(FieldIssue)
}
