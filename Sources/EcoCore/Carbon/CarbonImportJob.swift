import Foundation

/// A CSV import of carbon activities, run in the background: queued → running → succeeded or failed.
public struct CarbonImportJob: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable, Codable {
        case queued, running, succeeded, failed

        public var isFinished: Bool { self == .succeeded || self == .failed }
    }

    public var id: UUID
    /// The only organization its rows may belong to; nil lets them name any (an admin's import).
    public var organization: String?
    public var fileName: String?
    public var status: Status
    public var counts = CarbonImportCounts()
    /// Why it failed, in a sentence.
    public var error: String?
    public var createdAtMs: Int64
    public var startedAtMs: Int64?
    public var finishedAtMs: Int64?
    /// The user id (or `cli`) that submitted it.
    public var submittedBy: String

    /// A new queued job.
    public init(id: UUID = UUID(), organization: String?, fileName: String? = nil, createdAtMs: Int64, submittedBy: String) {
        self.id = id
        self.organization = organization
        self.fileName = fileName
        self.status = .queued
        self.error = nil
        self.createdAtMs = createdAtMs
        self.startedAtMs = nil
        self.finishedAtMs = nil
        self.submittedBy = submittedBy
    }

    /// Share of the rows read, 0…1 (0 until the row count is known).
    public var progress: Double {
        counts.totalRows > 0 ? min(1, Double(counts.processedRows) / Double(counts.totalRows)) : (status == .succeeded ? 1 : 0)
    }
}

/// What an import did so far: data rows in the file (known once it runs), rows read, and what became of them.
public struct CarbonImportCounts: Sendable, Equatable {
    public var totalRows: Int
    public var processedRows: Int
    public var accepted: Int
    public var rejected: Int
    public var inserted: Int
    public var replaced: Int

    public init(totalRows: Int = 0, processedRows: Int = 0, accepted: Int = 0, rejected: Int = 0, inserted: Int = 0, replaced: Int = 0) {
        self.totalRows = totalRows
        self.processedRows = processedRows
        self.accepted = accepted
        self.rejected = rejected
        self.inserted = inserted
        self.replaced = replaced
    }
}

/// How far a running import got: counts so far and the row errors found since the last report.
public struct CarbonImportProgress: Sendable, Equatable {
    public var counts: CarbonImportCounts
    /// Rejected rows (index, line, field, reason) found since the last report.
    public var newErrors: [RecordError]

    public init(_ counts: CarbonImportCounts, newErrors: [RecordError]) {
        self.counts = counts
        self.newErrors = newErrors
    }
}
