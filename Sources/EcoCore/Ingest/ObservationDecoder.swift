/// Decodes an observation body in any ``ObservationFormat``, fed in chunks.
///
/// This is the one entry point the server and the CLI need. Feed each chunk as it arrives
/// (split points do not matter), then call ``finish(into:)`` once:
///
/// ```swift
/// var decoder = ObservationDecoder(format: .ndjson)
/// for try await buffer in request.body {
///     buffer.withUnsafeReadableBytes { decoder.feed($0) { item in handle(item) } }
/// }
/// decoder.finish { item in handle(item) }
/// ```
///
/// Records and record errors arrive in body order with indices 0, 1, 2 … (each index once,
/// shared between records and errors). A ``DecodedItem/batchError(_:)`` ends the stream.
public struct ObservationDecoder: Sendable {
    /// The format being decoded.
    public let format: ObservationFormat
    // One of the three is set; kept as optionals (not an enum with payloads) so feeding
    // mutates the decoder in place instead of copying its buffers.
    private var ndjson: NDJSONObservationDecoder?
    private var json: JSONArrayObservationDecoder?
    private var csv: CSVObservationDecoder?

    /// A decoder for a body in `format`.
    public init(format: ObservationFormat, limits: IngestLimits = IngestLimits()) {
        self.format = format
        switch format {
        case .ndjson: ndjson = NDJSONObservationDecoder(limits: limits)
        case .json: json = JSONArrayObservationDecoder(limits: limits)
        case .csv: csv = CSVObservationDecoder(limits: limits)
        }
    }

    /// Decodes what `bytes` completes, passing records and errors to `sink` in order.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into sink: (DecodedItem) -> Void) {
        switch format {
        case .ndjson: ndjson!.feed(bytes, into: sink)
        case .json: json!.feed(bytes, into: sink)
        case .csv: csv!.feed(bytes, into: sink)
        }
    }

    /// Decodes whatever the end of the body completes (a last line without a line break) and
    /// reports a truncated body. Call once, after the last ``feed(_:into:)``.
    public mutating func finish(into sink: (DecodedItem) -> Void) {
        switch format {
        case .ndjson: ndjson!.finish(into: sink)
        case .json: json!.finish(into: sink)
        case .csv: csv!.finish(into: sink)
        }
    }

    /// Decodes a whole body held in memory (tests, files, small requests).
    public static func decode(_ body: some Sequence<UInt8>, format: ObservationFormat, limits: IngestLimits = IngestLimits()) -> DecodedBatch {
        var decoder = ObservationDecoder(format: format, limits: limits)
        var batch = DecodedBatch()
        let bytes = Array(body)
        bytes.withUnsafeBytes { decoder.feed($0) { batch.append($0) } }
        decoder.finish { batch.append($0) }
        return batch
    }
}

/// Everything decoded from one body, collected.
public struct DecodedBatch: Sendable, Equatable {
    /// Records with their index in the batch and the line where they start.
    public var records: [(index: Int, line: Int, record: ObservationRecord)] = []
    /// Records that could not be read.
    public var errors: [RecordError] = []
    /// Set when the body as a whole was unusable from some point on.
    public var batchError: BatchDecodeError?

    /// An empty batch.
    public init() {}

    /// Adds one decoded item.
    public mutating func append(_ item: DecodedItem) {
        switch item {
        case let .record(index, line, record): records.append((index, line, record))
        case let .error(error): errors.append(error)
        case let .batchError(error): batchError = error
        }
    }

    /// Same records (with indices and lines), errors and batch error.
    public static func == (a: DecodedBatch, b: DecodedBatch) -> Bool {
        a.errors == b.errors && a.batchError == b.batchError && a.records.count == b.records.count
            && zip(a.records, b.records).allSatisfy { $0.index == $1.index && $0.line == $1.line && $0.record == $1.record }
    }
}
