import EcoCore
import EcoStore
import Foundation
import Logging
import PostgresNIO

// CSV import jobs. A claim locks the oldest queued row it can (FOR UPDATE SKIP LOCKED), so two runners,
// in one process or several, never get the same import and neither waits behind the other's claim.
extension PostgresStore {
    private static let importColumns = """
        id, organization, file_name, status, total_rows, processed_rows, accepted, rejected, inserted, replaced, error, \
        created_at, started_at, finished_at, submitted_by
        """

    public func enqueueCarbonImport(_ job: CarbonImportJob, body: [UInt8]) async throws {
        try await database.execute("""
            INSERT INTO carbon_imports (id, organization, file_name, status, created_at, submitted_by, body)
            VALUES (\(job.id), \(job.organization), \(job.fileName), 'queued', \(job.createdAtMs), \(job.submittedBy), \(ByteBuffer(bytes: body)))
            """)
    }

    public func claimNextCarbonImport(atMs: Int64, holder: String, leaseMs: Int64) async throws -> (job: CarbonImportJob, body: [UInt8])? {
        let claimed = try await database.rows("""
            UPDATE carbon_imports SET status = 'running', started_at = \(atMs), lease_holder = \(holder), lease_expires_at = \(atMs + leaseMs)
            WHERE number = (SELECT number FROM carbon_imports WHERE status = 'queued' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED)
              AND status = 'queued'
            RETURNING \(unescaped: Self.importColumns), body
            """) { row in
            (job: try Self.readImport(row), body: Array((try row.makeRandomAccess()[15].decode(ByteBuffer?.self))?.readableBytesView ?? []))
        }
        return claimed.first
    }

    public func renewCarbonImportLease(id: UUID, holder: String, untilMs: Int64) async throws -> Bool {
        let rows = try await database.rows("""
            UPDATE carbon_imports SET lease_expires_at = \(untilMs) WHERE id = \(id) AND status = 'running' AND lease_holder = \(holder) RETURNING 1
            """) { try $0.decode(Int.self) }
        return !rows.isEmpty
    }

    public func recordCarbonImportProgress(id: UUID, _ progress: CarbonImportProgress) async throws {
        let counts = progress.counts
        try await database.transaction { connection in
            try await connection.run("""
                UPDATE carbon_imports SET total_rows = \(counts.totalRows), processed_rows = \(counts.processedRows), accepted = \(counts.accepted),
                    rejected = \(counts.rejected), inserted = \(counts.inserted), replaced = \(counts.replaced)
                WHERE id = \(id)
                """, logger: database.logger)
            for error in progress.newErrors {
                try await connection.run("""
                    INSERT INTO carbon_import_errors (import_id, row_index, line, field, reason)
                    VALUES (\(id), \(error.index), \(error.line), \(error.field), \(error.reason))
                    ON CONFLICT (import_id, row_index) DO UPDATE SET line = excluded.line, field = excluded.field, reason = excluded.reason
                    """, logger: database.logger)
            }
        }
    }

    public func finishCarbonImport(id: UUID, status: CarbonImportJob.Status, error: String?, atMs: Int64) async throws {
        try await database.execute("""
            UPDATE carbon_imports SET status = \(status.rawValue), error = \(error), finished_at = \(atMs), body = NULL,
                lease_holder = NULL, lease_expires_at = NULL WHERE id = \(id) AND status = 'running'
            """)
    }

    public func carbonImport(id: UUID) async throws -> CarbonImportJob? {
        try await database.rows("SELECT \(unescaped: Self.importColumns) FROM carbon_imports WHERE id = \(id)", Self.readImport).first
    }

    public func carbonImportErrors(id: UUID, afterIndex: Int, limit: Int) async throws -> [RecordError] {
        try await database.rows("""
            SELECT row_index, line, field, reason FROM carbon_import_errors WHERE import_id = \(id) AND row_index > \(afterIndex)
            ORDER BY row_index LIMIT \(max(0, limit))
            """) { row in
            let (index, line, field, reason) = try row.decode((Int, Int?, String?, String).self)
            return RecordError(index: index, line: line, field: field, reason: reason)
        }
    }

    public func failInterruptedCarbonImports(atMs: Int64) async throws -> [CarbonImportJob] {
        try await database.rows("""
            UPDATE carbon_imports SET status = 'failed', finished_at = \(atMs), body = NULL,
                error = 'The server stopped during the import after ' || processed_rows || ' of ' || total_rows
                    || ' rows; import the file again (rows with a clientId replace their earlier copy instead of doubling).'
                , lease_holder = NULL, lease_expires_at = NULL
            WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= \(atMs))
            RETURNING \(unescaped: Self.importColumns)
            """, Self.readImport)
    }

    private static func readImport(_ row: PostgresRow) throws -> CarbonImportJob {
        let c = row.makeRandomAccess()
        var job = CarbonImportJob(id: try c[0].decode(UUID.self), organization: try c[1].decode(String?.self), fileName: try c[2].decode(String?.self),
                                  createdAtMs: try c[11].decode(Int64.self), submittedBy: try c[14].decode(String.self))
        job.status = CarbonImportJob.Status(rawValue: try c[3].decode(String.self)) ?? .failed
        job.counts = CarbonImportCounts(totalRows: try c[4].decode(Int.self), processedRows: try c[5].decode(Int.self), accepted: try c[6].decode(Int.self),
                                        rejected: try c[7].decode(Int.self), inserted: try c[8].decode(Int.self), replaced: try c[9].decode(Int.self))
        job.error = try c[10].decode(String?.self)
        job.startedAtMs = try c[12].decode(Int64?.self)
        job.finishedAtMs = try c[13].decode(Int64?.self)
        return job
    }
}
