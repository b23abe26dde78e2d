import EcoCore
import EcoStore
import Foundation

// CSV import jobs. Every change goes through the single writer, so a claim (one UPDATE … RETURNING)
// never hands the same job to two runners.
extension SQLiteStore {
    private static let importColumns = """
        id, organization, file_name, status, total_rows, processed_rows, accepted, rejected, inserted, replaced, error, \
        created_at, started_at, finished_at, submitted_by
        """

    public func enqueueCarbonImport(_ job: CarbonImportJob, body: [UInt8]) async throws {
        try await writer.submit { db in
            let insert = try db.statement("""
                INSERT INTO carbon_imports (id, organization, file_name, status, created_at, submitted_by, body)
                VALUES (?1, ?2, ?3, 'queued', ?4, ?5, ?6)
                """)
            insert.bind(1, job.id.uuidString).bind(2, job.organization).bind(3, job.fileName).bind(4, job.createdAtMs)
                .bind(5, job.submittedBy).bind(6, bytes: body)
            try insert.run()
            return ((), afterCommit: nil)
        }
    }

    public func claimNextCarbonImport(atMs: Int64, holder: String, leaseMs: Int64) async throws -> (job: CarbonImportJob, body: [UInt8])? {
        try await writer.submit { db in
            let claim = try db.statement("""
                UPDATE carbon_imports SET status = 'running', started_at = ?1, lease_holder = ?2, lease_expires_at = ?3
                WHERE number = (SELECT number FROM carbon_imports WHERE status = 'queued' ORDER BY number LIMIT 1)
                RETURNING id, body
                """)
            claim.bind(1, atMs).bind(2, holder).bind(3, atMs + leaseMs)
            defer { claim.reset() }
            guard try claim.step(), let id = UUID(uuidString: claim.string(0)) else { return (nil, afterCommit: nil) }
            let body = claim.bytes(1)
            guard let job = try Self.readImport(db, id: id) else { return (nil, afterCommit: nil) }
            return ((job, body), afterCommit: nil)
        }
    }

    public func renewCarbonImportLease(id: UUID, holder: String, untilMs: Int64) async throws -> Bool {
        try await writer.submit { db in
            let renew = try db.statement("""
                UPDATE carbon_imports SET lease_expires_at = ?3 WHERE id = ?1 AND status = 'running' AND lease_holder = ?2 RETURNING 1
                """)
            renew.bind(1, id.uuidString).bind(2, holder).bind(3, untilMs)
            defer { renew.reset() }
            return (try renew.step(), afterCommit: nil)
        }
    }

    /// At open: the writer lock proves no other process runs an import on this file, so every lease left is a
    /// dead process's, and its import is interrupted (failed at the import service's start, as before leases).
    static func expireCarbonImportLeases(_ connection: SQLiteConnection) throws {
        try connection.execute("UPDATE carbon_imports SET lease_expires_at = NULL WHERE status = 'running'")
    }

    public func recordCarbonImportProgress(id: UUID, _ progress: CarbonImportProgress) async throws {
        try await writer.submit { db in
            let update = try db.statement("""
                UPDATE carbon_imports SET total_rows = ?2, processed_rows = ?3, accepted = ?4, rejected = ?5, inserted = ?6, replaced = ?7
                WHERE id = ?1
                """)
            let counts = progress.counts
            update.bind(1, id.uuidString).bind(2, Int64(counts.totalRows)).bind(3, Int64(counts.processedRows))
                .bind(4, Int64(counts.accepted)).bind(5, Int64(counts.rejected)).bind(6, Int64(counts.inserted))
                .bind(7, Int64(counts.replaced))
            try update.run()
            let insert = try db.statement("""
                INSERT OR REPLACE INTO carbon_import_errors (import_id, row_index, line, field, reason) VALUES (?1, ?2, ?3, ?4, ?5)
                """)
            for error in progress.newErrors {
                insert.reset()
                insert.bind(1, id.uuidString).bind(2, Int64(error.index)).bind(3, integer: error.line.map(Int64.init)).bind(4, error.field)
                    .bind(5, error.reason)
                try insert.run()
            }
            insert.reset()
            return ((), afterCommit: nil)
        }
    }

    public func finishCarbonImport(id: UUID, status: CarbonImportJob.Status, error: String?, atMs: Int64) async throws {
        try await writer.submit { db in
            let update = try db.statement("""
                UPDATE carbon_imports SET status = ?2, error = ?3, finished_at = ?4, body = NULL, lease_holder = NULL, lease_expires_at = NULL
                WHERE id = ?1 AND status = 'running'
                """)
            update.bind(1, id.uuidString).bind(2, status.rawValue).bind(3, error).bind(4, atMs)
            try update.run()
            return ((), afterCommit: nil)
        }
    }

    public func carbonImport(id: UUID) async throws -> CarbonImportJob? {
        try await readers.read { db in try Self.readImport(db, id: id) }
    }

    public func carbonImportErrors(id: UUID, afterIndex: Int, limit: Int) async throws -> [RecordError] {
        try await readers.read { db in
            let query = try db.statement("""
                SELECT row_index, line, field, reason FROM carbon_import_errors WHERE import_id = ?1 AND row_index > ?2
                ORDER BY row_index LIMIT ?3
                """)
            query.bind(1, id.uuidString).bind(2, Int64(afterIndex)).bind(3, Int64(max(0, limit)))
            defer { query.reset() }
            var errors: [RecordError] = []
            while try query.step() {
                errors.append(RecordError(index: Int(query.int64(0)), line: query.isNull(1) ? nil : Int(query.int64(1)),
                                          field: query.isNull(2) ? nil : query.string(2), reason: query.string(3)))
            }
            return errors
        }
    }

    public func failInterruptedCarbonImports(atMs: Int64) async throws -> [CarbonImportJob] {
        try await writer.submit { db in
            let fail = try db.statement("""
                UPDATE carbon_imports SET status = 'failed', finished_at = ?1, body = NULL,
                    error = 'The server stopped during the import after ' || processed_rows || ' of ' || total_rows
                        || ' rows; import the file again (rows with a clientId replace their earlier copy instead of doubling).'
                    , lease_holder = NULL, lease_expires_at = NULL
                WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= ?1) RETURNING id
                """)
            fail.bind(1, atMs)
            var ids: [UUID] = []
            while try fail.step() { if let id = UUID(uuidString: fail.string(0)) { ids.append(id) } }
            fail.reset()
            return (try ids.compactMap { try Self.readImport(db, id: $0) }, afterCommit: nil)
        }
    }

    private static func readImport(_ db: SQLiteConnection, id: UUID) throws -> CarbonImportJob? {
        let query = try db.statement("SELECT \(importColumns) FROM carbon_imports WHERE id = ?1")
        query.bind(1, id.uuidString)
        defer { query.reset() }
        guard try query.step() else { return nil }
        var job = CarbonImportJob(id: id, organization: query.isNull(1) ? nil : query.string(1), fileName: query.isNull(2) ? nil : query.string(2),
                                  createdAtMs: query.int64(11), submittedBy: query.string(14))
        job.status = CarbonImportJob.Status(rawValue: query.string(3)) ?? .failed
        job.counts = CarbonImportCounts(totalRows: Int(query.int64(4)), processedRows: Int(query.int64(5)), accepted: Int(query.int64(6)),
                                        rejected: Int(query.int64(7)), inserted: Int(query.int64(8)), replaced: Int(query.int64(9)))
        job.error = query.isNull(10) ? nil : query.string(10)
        job.startedAtMs = query.isNull(12) ? nil : query.int64(12)
        job.finishedAtMs = query.isNull(13) ? nil : query.int64(13)
        return job
    }
}
