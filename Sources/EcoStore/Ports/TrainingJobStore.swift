import Foundation

/// Where a training job is in its life: queued → running → succeeded, failed or cancelled.
public enum TrainingJobStatus: String, Sendable, Codable, CaseIterable {
    case queued, running, succeeded, failed, cancelled

    /// True once the job will not run again unless someone retries it.
    public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

/// A request to train a model, with everything the queue knows about its run.
public struct TrainingJob: Sendable, Equatable {
    public var id: UUID
    /// Which `TrainingJobKind` runs it, e.g. `csv`.
    public var kind: String
    /// The registry name the trained model is registered under.
    public var modelName: String
    /// The kind's parameters as JSON; empty in listings (it may hold a whole CSV file).
    public var parametersJSON: String
    public var status: TrainingJobStatus
    /// Share of the work done, 0…1.
    public var progress: Double
    /// Iterations (trees, boosting rounds, optimiser steps) done so far, of `totalIterations`.
    public var iteration: Int
    public var totalIterations: Int
    /// Runs started so far (a claim counts one); a job interrupted `maxAttempts` times fails.
    public var attempts: Int
    public var maxAttempts: Int
    /// Why the job failed or was interrupted, in a sentence.
    public var error: String?
    /// What the run produced as JSON: registered name and version, metrics …
    public var resultJSON: String?
    /// Someone asked to stop the running job; the runner stops at the next progress report.
    public var cancelRequested: Bool
    public var createdAtMs: Int64
    /// Start of the latest attempt.
    public var startedAtMs: Int64?
    public var finishedAtMs: Int64?
    /// The user id (or `cli`) that submitted the job.
    public var submittedBy: String
    /// Lines in the job's log; their sequence numbers run 1…`logLineCount`.
    public var logLineCount: Int

    /// A new queued job.
    public init(id: UUID = UUID(), kind: String, modelName: String, parametersJSON: String, maxAttempts: Int = 3,
                createdAtMs: Int64, submittedBy: String) {
        self.id = id
        self.kind = kind
        self.modelName = modelName
        self.parametersJSON = parametersJSON
        self.status = .queued
        self.progress = 0
        self.iteration = 0
        self.totalIterations = 0
        self.attempts = 0
        self.maxAttempts = maxAttempts
        self.error = nil
        self.resultJSON = nil
        self.cancelRequested = false
        self.createdAtMs = createdAtMs
        self.startedAtMs = nil
        self.finishedAtMs = nil
        self.submittedBy = submittedBy
        self.logLineCount = 0
    }
}

/// One line of a training job's log.
public struct TrainingJobLogLine: Sendable, Equatable {
    /// 1, 2, … within the job.
    public var sequence: Int
    public var atMs: Int64
    public var message: String

    public init(sequence: Int, atMs: Int64, message: String) {
        self.sequence = sequence
        self.atMs = atMs
        self.message = message
    }
}

/// The durable queue of training jobs and their logs. Every change is committed before the call
/// returns, so the queue survives a crash; `requeueInterruptedTrainingJobs` picks up after one.
public protocol TrainingJobStore: Sendable {
    /// Stores a new job as queued, behind every job already queued, and returns it.
    func enqueueTrainingJob(_ job: TrainingJob) async throws -> TrainingJob
    /// The job with `id`, parameters included; nil when there is none.
    func trainingJob(id: UUID) async throws -> TrainingJob?
    /// Jobs (of one status, or all), newest submission first, at most `limit`, without parameters.
    func trainingJobs(status: TrainingJobStatus?, limit: Int) async throws -> [TrainingJob]
    /// Atomically moves the oldest queued job to running, counts the attempt, and returns it;
    /// nil when nothing is queued. Two claimers never get the same job.
    func claimNextQueuedTrainingJob(atMs: Int64) async throws -> TrainingJob?
    /// Records the progress of a running job and returns whether cancellation was requested
    /// (true also when the job is no longer running, so a stale runner stops).
    func recordTrainingJobProgress(id: UUID, iteration: Int, totalIterations: Int, progress: Double) async throws -> Bool
    /// Appends lines to the job's log, in order.
    func appendTrainingJobLog(id: UUID, lines: [String], atMs: Int64) async throws
    /// Ends a running job as succeeded (with `resultJSON`), failed (with `error`) or cancelled.
    /// A succeeded job's progress becomes 1. Does nothing to a job that is not running.
    func finishTrainingJob(id: UUID, status: TrainingJobStatus, error: String?, resultJSON: String?, atMs: Int64) async throws
    /// Asks a job to stop: a queued job is cancelled at once, a running one gets `cancelRequested`
    /// and stops at its next progress report; a finished job is left alone. Returns the job after the change.
    func requestTrainingJobCancel(id: UUID, atMs: Int64) async throws -> TrainingJob?
    /// Puts a failed or cancelled job back at the end of the queue with a fresh attempt budget,
    /// clearing its progress, error and result; other jobs are left alone. Returns the job after the change.
    func retryTrainingJob(id: UUID) async throws -> TrainingJob?
    /// Gives a running job back to the queue, at its old place, without counting the attempt
    /// (the runner is shutting down cleanly).
    func releaseTrainingJob(id: UUID) async throws
    /// On startup: every job still `running` was interrupted (the process died). Each goes back to
    /// the queue at its old place, or fails when it has used `maxAttempts` attempts, or is cancelled
    /// when cancellation had been requested. Returns the jobs after the change.
    func requeueInterruptedTrainingJobs(atMs: Int64) async throws -> [TrainingJob]
    /// Log lines with a sequence number above `after`, oldest first, at most `limit`.
    func trainingJobLogs(id: UUID, after: Int, limit: Int) async throws -> [TrainingJobLogLine]
}
