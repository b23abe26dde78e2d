import EcoCore
import EcoStore
import Foundation
import PostgresNIO

// Several workers may claim jobs at once: a claim locks the oldest queued row it can (FOR UPDATE SKIP
// LOCKED), so each job goes to exactly one of them and none waits behind another's claim. The claimer holds a
// lease it renews while it works; only a job whose lease expired is taken back by `requeueInterruptedTrainingJobs`.
extension PostgresStore: TrainingJobStore {
    private static func jobColumns(parameters: Bool) -> String {
        "id, kind, model_name, \(parameters ? "parameters" : "''::text"), status, progress, iteration, total_iterations, attempts, max_attempts, "
            + "error, result, cancel_requested, created_at, started_at, finished_at, submitted_by, log_lines"
    }

    /// Longest log line kept; longer ones are cut (a runaway message must not fill the disk).
    static let longestTrainingLogLine = 4_000

    public func enqueueTrainingJob(_ job: TrainingJob) async throws -> TrainingJob {
        // The NOTIFY is delivered at the commit, to the runners of every process (this one's included).
        try await database.execute("""
            WITH queued AS (
                INSERT INTO training_jobs (id, kind, model_name, parameters, status, max_attempts, created_at, submitted_by)
                VALUES (\(job.id), \(job.kind), \(job.modelName), \(job.parametersJSON), 'queued', \(job.maxAttempts), \(job.createdAtMs), \(job.submittedBy))
                RETURNING id)
            SELECT pg_notify(\(location.eventChannel), \(TrainingJobSignals.payload)) FROM queued
            """)
        var stored = TrainingJob(id: job.id, kind: job.kind, modelName: job.modelName, parametersJSON: job.parametersJSON,
                                 maxAttempts: job.maxAttempts, createdAtMs: job.createdAtMs, submittedBy: job.submittedBy)
        stored.status = .queued
        return stored
    }

    public func queuedTrainingJobSignals() -> AsyncStream<Void> { trainingJobSignals.subscribe() }

    public func trainingJob(id: UUID) async throws -> TrainingJob? {
        try await database.rows("SELECT \(unescaped: Self.jobColumns(parameters: true)) FROM training_jobs WHERE id = \(id)", Self.readJob).first
    }

    public func trainingJobs(status: TrainingJobStatus?, limit: Int) async throws -> [TrainingJob] {
        try await database.rows("""
            SELECT \(unescaped: Self.jobColumns(parameters: false)) FROM training_jobs WHERE \(status?.rawValue)::text IS NULL OR status = \(status?.rawValue)
            ORDER BY number DESC LIMIT \(max(0, limit))
            """, Self.readJob)
    }

    public func claimNextQueuedTrainingJob(atMs: Int64, holder: String, leaseMs: Int64) async throws -> TrainingJob? {
        try await database.rows("""
            UPDATE training_jobs SET status = 'running', attempts = attempts + 1, started_at = \(atMs), progress = 0, iteration = 0, total_iterations = 0,
                lease_holder = \(holder), lease_expires_at = \(atMs + leaseMs)
            WHERE number = (SELECT number FROM training_jobs WHERE status = 'queued' ORDER BY position LIMIT 1 FOR UPDATE SKIP LOCKED)
              AND status = 'queued'
            RETURNING \(unescaped: Self.jobColumns(parameters: true))
            """, Self.readJob).first
    }

    public func renewTrainingJobLease(id: UUID, holder: String, untilMs: Int64) async throws -> Bool {
        let rows = try await database.rows("""
            UPDATE training_jobs SET lease_expires_at = \(untilMs) WHERE id = \(id) AND status = 'running' AND lease_holder = \(holder) RETURNING 1
            """) { try $0.decode(Int.self) }
        return !rows.isEmpty
    }

    public func recordTrainingJobProgress(id: UUID, iteration: Int, totalIterations: Int, progress: Double) async throws -> Bool {
        let rows = try await database.rows("""
            UPDATE training_jobs SET iteration = \(iteration), total_iterations = \(totalIterations), progress = \(min(max(progress, 0), 1))
            WHERE id = \(id) AND status = 'running' RETURNING cancel_requested
            """) { try $0.decode(Bool.self) }
        // No row: the job is not running any more, so whoever runs it should stop.
        return rows.first ?? true
    }

    public func appendTrainingJobLog(id: UUID, lines: [String], atMs: Int64) async throws {
        guard !lines.isEmpty else { return }
        try await database.transaction { connection in
            let counted = try await connection.collect("""
                UPDATE training_jobs SET log_lines = log_lines + \(lines.count) WHERE id = \(id) RETURNING log_lines
                """, logger: database.logger)
            guard let last = try counted.first?.decode(Int.self) else { return }
            let first = last - lines.count + 1
            try await connection.run("""
                INSERT INTO training_job_logs (job_id, sequence, at, message)
                SELECT \(id), \(first) + ordinality - 1, \(atMs), message
                FROM unnest(\(lines.map { String($0.prefix(Self.longestTrainingLogLine)) })::text[]) WITH ORDINALITY AS l(message, ordinality)
                """, logger: database.logger)
        }
    }

    public func finishTrainingJob(id: UUID, status: TrainingJobStatus, error: String?, resultJSON: String?, atMs: Int64) async throws {
        precondition(status.isFinished, "finishTrainingJob needs succeeded, failed or cancelled")
        let succeeded = status == .succeeded
        try await database.execute("""
            UPDATE training_jobs
            SET status = \(status.rawValue), error = \(error), result = \(resultJSON), finished_at = \(atMs),
                progress = CASE WHEN \(succeeded) THEN 1 ELSE progress END,
                iteration = CASE WHEN \(succeeded) THEN GREATEST(iteration, total_iterations) ELSE iteration END,
                lease_holder = NULL, lease_expires_at = NULL
            WHERE id = \(id) AND status = 'running'
            """)
    }

    public func requestTrainingJobCancel(id: UUID, atMs: Int64) async throws -> TrainingJob? {
        try await database.rows("""
            UPDATE training_jobs
            SET status = CASE status WHEN 'queued' THEN 'cancelled' ELSE status END,
                finished_at = CASE status WHEN 'queued' THEN \(atMs) ELSE finished_at END,
                cancel_requested = CASE status WHEN 'running' THEN true ELSE cancel_requested END
            WHERE id = \(id)
            RETURNING \(unescaped: Self.jobColumns(parameters: true))
            """, Self.readJob).first
    }

    public func retryTrainingJob(id: UUID) async throws -> TrainingJob? {
        try await database.execute("""
            WITH retried AS (
                UPDATE training_jobs
                SET status = 'queued', position = nextval('training_job_positions'), attempts = 0, progress = 0, iteration = 0, total_iterations = 0,
                    error = NULL, result = NULL, cancel_requested = false, started_at = NULL, finished_at = NULL
                WHERE id = \(id) AND status IN ('failed', 'cancelled')
                RETURNING id)
            SELECT pg_notify(\(location.eventChannel), \(TrainingJobSignals.payload)) FROM retried
            """)
        return try await trainingJob(id: id)
    }

    public func releaseTrainingJob(id: UUID) async throws {
        try await database.execute("""
            UPDATE training_jobs SET status = 'queued', attempts = GREATEST(attempts - 1, 0), started_at = NULL, lease_holder = NULL, lease_expires_at = NULL
            WHERE id = \(id) AND status = 'running'
            """)
    }

    public func requeueInterruptedTrainingJobs(atMs: Int64) async throws -> [TrainingJob] {
        try await database.rows("""
            UPDATE training_jobs
            SET status = CASE WHEN cancel_requested THEN 'cancelled' WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                error = CASE WHEN NOT cancel_requested AND attempts >= max_attempts
                             THEN 'The server stopped while this job ran, ' || attempts || ' times (the most attempts allowed); '
                                  || 'look at its log, then POST /api/v1/models/jobs/' || lower(id::text) || '/retry to run it again.'
                             ELSE error END,
                finished_at = CASE WHEN cancel_requested OR attempts >= max_attempts THEN \(atMs) ELSE finished_at END,
                started_at = CASE WHEN cancel_requested OR attempts >= max_attempts THEN started_at ELSE NULL END,
                lease_holder = NULL, lease_expires_at = NULL
            WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= \(atMs))
            RETURNING \(unescaped: Self.jobColumns(parameters: true))
            """, Self.readJob)
    }

    public func trainingJobLogs(id: UUID, after: Int, limit: Int) async throws -> [TrainingJobLogLine] {
        try await database.rows("""
            SELECT sequence, at, message FROM training_job_logs WHERE job_id = \(id) AND sequence > \(after) ORDER BY sequence LIMIT \(max(0, limit))
            """) { row in
            let (sequence, at, message) = try row.decode((Int, Int64, String).self)
            return TrainingJobLogLine(sequence: sequence, atMs: at, message: message)
        }
    }

    private static func readJob(_ row: PostgresRow) throws -> TrainingJob {
        let (id, kind, model, parameters, status, progress, iteration, total, attempts, maxAttempts, error, result, cancel, created, started,
             finished, submitter, logLines) =
            try row.decode((UUID, String, String, String, String, Double, Int, Int, Int, Int, String?, String?, Bool, Int64, Int64?, Int64?,
                            String, Int).self)
        var job = TrainingJob(id: id, kind: kind, modelName: model, parametersJSON: parameters, maxAttempts: maxAttempts, createdAtMs: created,
                              submittedBy: submitter)
        job.status = TrainingJobStatus(rawValue: status) ?? .failed
        job.progress = progress
        job.iteration = iteration
        job.totalIterations = total
        job.attempts = attempts
        job.error = error
        job.resultJSON = result
        job.cancelRequested = cancel
        job.startedAtMs = started
        job.finishedAtMs = finished
        job.logLineCount = logLines
        return job
    }
}
