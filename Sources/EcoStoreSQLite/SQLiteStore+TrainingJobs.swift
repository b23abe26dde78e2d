import EcoCore
import EcoStore
import Foundation

// Every change goes through the single writer thread, so "claim the oldest queued job" is one
// SELECT and one UPDATE with nobody in between: two runners never get the same job.
extension SQLiteStore: TrainingJobStore {
    private static func jobColumns(parameters: Bool) -> String {
        "id, kind, model_name, \(parameters ? "parameters" : "''"), status, progress, iteration, total_iterations, attempts, max_attempts, "
            + "error, result, cancel_requested, created_at, started_at, finished_at, submitted_by, log_lines"
    }

    /// Longest log line kept; longer ones are cut (a runaway message must not fill the disk).
    static let longestTrainingLogLine = 4_000

    public func enqueueTrainingJob(_ job: TrainingJob) async throws -> TrainingJob {
        try await writer.submit { db in
            let insert = try db.statement("""
                INSERT INTO training_jobs (id, position, kind, model_name, parameters, status, max_attempts, created_at, submitted_by)
                VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM training_jobs), ?2, ?3, ?4, 'queued', ?5, ?6, ?7)
                """)
            insert.bind(1, job.id.uuidString).bind(2, job.kind).bind(3, job.modelName).bind(4, job.parametersJSON)
                .bind(5, Int64(job.maxAttempts)).bind(6, job.createdAtMs).bind(7, job.submittedBy)
            try insert.run()
            var stored = TrainingJob(id: job.id, kind: job.kind, modelName: job.modelName, parametersJSON: job.parametersJSON,
                                     maxAttempts: job.maxAttempts, createdAtMs: job.createdAtMs, submittedBy: job.submittedBy)
            stored.status = .queued
            return (stored, afterCommit: nil)
        }
    }

    public func trainingJob(id: UUID) async throws -> TrainingJob? {
        try await readers.read { db in try Self.readJob(db, id: id) }
    }

    public func trainingJobs(status: TrainingJobStatus?, limit: Int) async throws -> [TrainingJob] {
        try await readers.read { db in
            let query = try db.statement(
                "SELECT \(Self.jobColumns(parameters: false)) FROM training_jobs WHERE ?1 IS NULL OR status = ?1 ORDER BY number DESC LIMIT ?2")
            query.bind(1, status?.rawValue).bind(2, Int64(max(0, limit)))
            defer { query.reset() }
            var jobs: [TrainingJob] = []
            while try query.step() { jobs.append(Self.job(from: query)) }
            return jobs
        }
    }

    public func claimNextQueuedTrainingJob(atMs: Int64, holder: String, leaseMs: Int64) async throws -> TrainingJob? {
        try await writer.submit { db in
            let claim = try db.statement("""
                UPDATE training_jobs
                SET status = 'running', attempts = attempts + 1, started_at = ?1, progress = 0, iteration = 0, total_iterations = 0,
                    lease_holder = ?2, lease_expires_at = ?3
                WHERE number = (SELECT number FROM training_jobs WHERE status = 'queued' ORDER BY position LIMIT 1)
                RETURNING id
                """)
            claim.bind(1, atMs).bind(2, holder).bind(3, atMs + leaseMs)
            let id = try claim.step() ? UUID(uuidString: claim.string(0)) : nil
            claim.reset()
            return (try id.flatMap { try Self.readJob(db, id: $0) }, afterCommit: nil)
        }
    }

    public func renewTrainingJobLease(id: UUID, holder: String, untilMs: Int64) async throws -> Bool {
        try await writer.submit { db in
            let renew = try db.statement("""
                UPDATE training_jobs SET lease_expires_at = ?3
                WHERE id = ?1 AND status = 'running' AND lease_holder = ?2 RETURNING 1
                """)
            renew.bind(1, id.uuidString).bind(2, holder).bind(3, untilMs)
            defer { renew.reset() }
            return (try renew.step(), afterCommit: nil)
        }
    }

    /// Called once at open, holding the writer lock: no other process writes this file, so a lease found
    /// here was taken by a process that has ended, and its jobs may be recovered at once.
    static func expireTrainingJobLeases(_ connection: SQLiteConnection) throws {
        try connection.execute("UPDATE training_jobs SET lease_expires_at = NULL WHERE status = 'running'")
    }

    public func recordTrainingJobProgress(id: UUID, iteration: Int, totalIterations: Int, progress: Double) async throws -> Bool {
        try await writer.submit { db in
            let update = try db.statement("""
                UPDATE training_jobs SET iteration = ?2, total_iterations = ?3, progress = ?4
                WHERE id = ?1 AND status = 'running' RETURNING cancel_requested
                """)
            update.bind(1, id.uuidString).bind(2, Int64(iteration)).bind(3, Int64(totalIterations)).bind(4, min(max(progress, 0), 1))
            defer { update.reset() }
            // No row: the job is not running any more, so whoever runs it should stop.
            let stop = try update.step() ? update.int64(0) != 0 : true
            return (stop, afterCommit: nil)
        }
    }

    public func appendTrainingJobLog(id: UUID, lines: [String], atMs: Int64) async throws {
        guard !lines.isEmpty else { return }
        try await writer.submit { db in
            let count = try db.statement("UPDATE training_jobs SET log_lines = log_lines + ?2 WHERE id = ?1 RETURNING log_lines")
            count.bind(1, id.uuidString).bind(2, Int64(lines.count))
            guard try count.step() else {
                count.reset()
                return ((), afterCommit: nil)
            }
            let last = Int(count.int64(0))
            count.reset()
            let insert = try db.statement("INSERT INTO training_job_logs (job_id, sequence, at, message) VALUES (?, ?, ?, ?)")
            for (offset, line) in lines.enumerated() {
                insert.bind(1, id.uuidString).bind(2, Int64(last - lines.count + offset + 1)).bind(3, atMs)
                    .bind(4, String(line.prefix(Self.longestTrainingLogLine)))
                try insert.run()
            }
            return ((), afterCommit: nil)
        }
    }

    public func finishTrainingJob(id: UUID, status: TrainingJobStatus, error: String?, resultJSON: String?, atMs: Int64) async throws {
        precondition(status.isFinished, "finishTrainingJob needs succeeded, failed or cancelled")
        try await writer.submit { db in
            let update = try db.statement("""
                UPDATE training_jobs
                SET status = ?2, error = ?3, result = ?4, finished_at = ?5,
                    progress = CASE WHEN ?2 = 'succeeded' THEN 1 ELSE progress END,
                    iteration = CASE WHEN ?2 = 'succeeded' THEN MAX(iteration, total_iterations) ELSE iteration END,
                    lease_holder = NULL, lease_expires_at = NULL
                WHERE id = ?1 AND status = 'running'
                """)
            update.bind(1, id.uuidString).bind(2, status.rawValue).bind(3, error).bind(4, resultJSON).bind(5, atMs)
            try update.run()
            return ((), afterCommit: nil)
        }
    }

    public func requestTrainingJobCancel(id: UUID, atMs: Int64) async throws -> TrainingJob? {
        try await writer.submit { db in
            let cancel = try db.statement("""
                UPDATE training_jobs
                SET status = CASE status WHEN 'queued' THEN 'cancelled' ELSE status END,
                    finished_at = CASE status WHEN 'queued' THEN ?2 ELSE finished_at END,
                    cancel_requested = CASE status WHEN 'running' THEN 1 ELSE cancel_requested END
                WHERE id = ?1
                """)
            cancel.bind(1, id.uuidString).bind(2, atMs)
            try cancel.run()
            return (try Self.readJob(db, id: id), afterCommit: nil)
        }
    }

    public func retryTrainingJob(id: UUID) async throws -> TrainingJob? {
        try await writer.submit { db in
            let retry = try db.statement("""
                UPDATE training_jobs
                SET status = 'queued', position = (SELECT MAX(position) + 1 FROM training_jobs), attempts = 0,
                    progress = 0, iteration = 0, total_iterations = 0, error = NULL, result = NULL, cancel_requested = 0,
                    started_at = NULL, finished_at = NULL
                WHERE id = ?1 AND status IN ('failed', 'cancelled')
                """)
            retry.bind(1, id.uuidString)
            try retry.run()
            return (try Self.readJob(db, id: id), afterCommit: nil)
        }
    }

    public func releaseTrainingJob(id: UUID) async throws {
        try await writer.submit { db in
            let release = try db.statement("""
                UPDATE training_jobs SET status = 'queued', attempts = MAX(attempts - 1, 0), started_at = NULL,
                    lease_holder = NULL, lease_expires_at = NULL
                WHERE id = ?1 AND status = 'running'
                """)
            release.bind(1, id.uuidString)
            try release.run()
            return ((), afterCommit: nil)
        }
    }

    public func requeueInterruptedTrainingJobs(atMs: Int64) async throws -> [TrainingJob] {
        try await writer.submit { db in
            let interrupted = try db.statement("""
                UPDATE training_jobs
                SET status = CASE WHEN cancel_requested != 0 THEN 'cancelled'
                                  WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                    error = CASE WHEN cancel_requested = 0 AND attempts >= max_attempts
                                 THEN 'The server stopped while this job ran, ' || attempts || ' times (the most attempts allowed); '
                                      || 'look at its log, then POST /api/v1/models/jobs/' || lower(id) || '/retry to run it again.'
                                 ELSE error END,
                    finished_at = CASE WHEN cancel_requested != 0 OR attempts >= max_attempts THEN ?1 ELSE finished_at END,
                    started_at = CASE WHEN cancel_requested != 0 OR attempts >= max_attempts THEN started_at ELSE NULL END,
                    lease_holder = NULL, lease_expires_at = NULL
                WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= ?1)
                RETURNING id
                """)
            interrupted.bind(1, atMs)
            var ids: [UUID] = []
            while try interrupted.step() { if let id = UUID(uuidString: interrupted.string(0)) { ids.append(id) } }
            interrupted.reset()
            return (try ids.compactMap { try Self.readJob(db, id: $0) }, afterCommit: nil)
        }
    }

    public func trainingJobLogs(id: UUID, after: Int, limit: Int) async throws -> [TrainingJobLogLine] {
        try await readers.read { db in
            let query = try db.statement(
                "SELECT sequence, at, message FROM training_job_logs WHERE job_id = ?1 AND sequence > ?2 ORDER BY sequence LIMIT ?3")
            query.bind(1, id.uuidString).bind(2, Int64(after)).bind(3, Int64(max(0, limit)))
            defer { query.reset() }
            var lines: [TrainingJobLogLine] = []
            while try query.step() {
                lines.append(TrainingJobLogLine(sequence: Int(query.int64(0)), atMs: query.int64(1), message: query.string(2)))
            }
            return lines
        }
    }

    private static func readJob(_ db: SQLiteConnection, id: UUID) throws -> TrainingJob? {
        let query = try db.statement("SELECT \(jobColumns(parameters: true)) FROM training_jobs WHERE id = ?")
        query.bind(1, id.uuidString)
        defer { query.reset() }
        return try query.step() ? job(from: query) : nil
    }

    private static func job(from row: SQLiteStatement) -> TrainingJob {
        var job = TrainingJob(id: UUID(uuidString: row.string(0)) ?? UUID(), kind: row.string(1), modelName: row.string(2),
                              parametersJSON: row.string(3), maxAttempts: Int(row.int64(9)), createdAtMs: row.int64(13),
                              submittedBy: row.string(16))
        job.status = TrainingJobStatus(rawValue: row.string(4)) ?? .failed
        job.progress = row.double(5)
        job.iteration = Int(row.int64(6))
        job.totalIterations = Int(row.int64(7))
        job.attempts = Int(row.int64(8))
        job.error = row.isNull(10) ? nil : row.string(10)
        job.resultJSON = row.isNull(11) ? nil : row.string(11)
        job.cancelRequested = row.int64(12) != 0
        job.startedAtMs = row.isNull(14) ? nil : row.int64(14)
        job.finishedAtMs = row.isNull(15) ? nil : row.int64(15)
        job.logLineCount = Int(row.int64(17))
        return job
    }
}
