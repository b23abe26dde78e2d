import EcoCore
import Foundation

/// The durable queue of training jobs and their logs. Every change is committed before the call
/// returns, so the queue survives a crash; `requeueInterruptedTrainingJobs` picks up after one.
/// A running job carries a lease (its claimer and an expiry) that the claimer renews while it works,
/// so a process sharing the store never takes a job that another live process is running.
public protocol TrainingJobStore: Sendable {
    /// Stores a new job as queued, behind every job already queued, and returns it.
    func enqueueTrainingJob(_ job: TrainingJob) async throws -> TrainingJob
    /// The job with `id`, parameters included; nil when there is none.
    func trainingJob(id: UUID) async throws -> TrainingJob?
    /// Jobs (of one status, or all), newest submission first, at most `limit`, without parameters.
    func trainingJobs(status: TrainingJobStatus?, limit: Int) async throws -> [TrainingJob]
    /// Atomically moves the oldest queued job to running, counts the attempt, leases it to `holder`
    /// until `atMs + leaseMs`, and returns it; nil when nothing is queued. Two claimers never get the same job.
    func claimNextQueuedTrainingJob(atMs: Int64, holder: String, leaseMs: Int64) async throws -> TrainingJob?
    /// Extends the lease of a running job held by `holder` to `untilMs`. False when the job is no longer
    /// running under that holder's lease (it finished, or it was requeued after the lease expired): stop working on it.
    func renewTrainingJobLease(id: UUID, holder: String, untilMs: Int64) async throws -> Bool
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
    /// On startup and periodically: a job still `running` whose lease expired by `atMs` was interrupted
    /// (its process died). Each goes back to the queue at its old place, or fails when it has used
    /// `maxAttempts` attempts, or is cancelled when cancellation had been requested. Jobs with a live
    /// lease are left alone. Returns the jobs after the change.
    func requeueInterruptedTrainingJobs(atMs: Int64) async throws -> [TrainingJob]
    /// Log lines with a sequence number above `after`, oldest first, at most `limit`.
    func trainingJobLogs(id: UUID, after: Int, limit: Int) async throws -> [TrainingJobLogLine]
    /// A signal each time a job may have been queued by any process sharing the store (a submission or a retry
    /// committed there, or the store regaining its view of the others after losing it), so runners in every
    /// process claim at once rather than at their fallback tick. Signals not yet consumed coalesce into one; the
    /// stream ends when the store closes. A store of one process returns a finished stream: its own submissions
    /// wake its runner directly.
    func queuedTrainingJobSignals() -> AsyncStream<Void>
}

extension TrainingJobStore {
    public func queuedTrainingJobSignals() -> AsyncStream<Void> { AsyncStream { $0.finish() } }
}
