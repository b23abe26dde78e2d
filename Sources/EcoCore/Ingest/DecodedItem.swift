/// One result of feeding bytes to an observation decoder.
public enum DecodedItem: Sendable, Equatable {
    /// A record that was read; `index` is its zero-based position in the batch and `line` the
    /// one-based line where it starts (for a JSON array, the line of the element's first byte).
    case record(index: Int, line: Int, ObservationRecord)
    /// A record that could not be read; the other records of the batch are unaffected.
    case error(RecordError)
    /// The body as a whole is unusable from some point on (a broken JSON array, a CSV header
    /// without the required columns); the decoder yields nothing after it.
    case batchError(BatchDecodeError)
}

/// Why a body could not be decoded as a whole, and where.
public struct BatchDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero-based byte offset in the body where the problem was found.
    public var byteOffset: Int
    /// One-based line of that byte.
    public var line: Int
    /// A sentence saying what was wrong and how to fix it, including the position.
    public var reason: String

    /// An error at `byteOffset` (zero-based) on `line` (one-based), explained by `reason`.
    public init(byteOffset: Int, line: Int, reason: String) {
        self.byteOffset = byteOffset
        self.line = line
        self.reason = reason
    }

    public var description: String { reason }
}

/// Bounds that keep a hostile or broken body from costing unbounded memory or time.
public struct IngestLimits: Sendable, Equatable {
    /// Longest accepted record in bytes (an NDJSON line, a JSON array element, a CSV row);
    /// a longer one is a ``RecordError``, and its bytes are not kept. Default 64 KiB.
    public var maxRecordBytes: Int
    /// Deepest accepted nesting of objects and arrays inside a record, the record's own
    /// object counting as 1 (only ignored fields can nest). Default 32.
    public var maxDepth: Int

    /// Limits with the given bounds (each at least 1).
    public init(maxRecordBytes: Int = 65_536, maxDepth: Int = 32) {
        self.maxRecordBytes = max(1, maxRecordBytes)
        self.maxDepth = max(1, maxDepth)
    }
}
