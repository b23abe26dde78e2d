import EcoCore
import EcoStore

/// The answer to an ingest: counts, and each rejected record with where it was and why.
public struct IngestReport: Codable, Sendable, Equatable {
    /// Records that passed validation and were stored.
    public var accepted = 0
    /// Records that were refused (listed in `errors`, up to `maxListedErrors`).
    public var rejected = 0
    /// Of the accepted, rows that were new.
    public var inserted = 0
    /// Of the accepted, rows that replaced an earlier value at the same series and time.
    public var replaced = 0
    public var newSeries = 0
    public var errors: [RejectedRecord] = []
    /// True when more records were rejected than listed.
    public var errorsTruncated = false

    public static let maxListedErrors = 1000

    public init() {}

    public mutating func reject(_ error: RecordError) {
        rejected += 1
        if errors.count < Self.maxListedErrors {
            errors.append(RejectedRecord(error))
        } else {
            errorsTruncated = true
        }
    }
}

/// One refused record: index in the batch, line in the body where there are lines, field, reason.
public struct RejectedRecord: Codable, Sendable, Equatable {
    public var index: Int
    public var line: Int?
    public var field: String?
    public var reason: String

    init(_ error: RecordError) {
        index = error.index
        line = error.line
        field = error.field
        reason = error.reason
    }
}
