import EcoCore
import EcoStore
import Foundation

/// The promises of ``TrainingJobStore``: a durable queue claimed once in order, progress, logs, cancel, retry and recovery.
enum TrainingJobContract {
    static func job(_ name: String, at createdAtMs: Int64 = 1, maxAttempts: Int = 3) -> TrainingJob {
        TrainingJob(kind: "csv", modelName: name, parametersJSON: #"{"target":"y"}"#, maxAttempts: maxAttempts,
                    createdAtMs: createdAtMs, submittedBy: "user-1")
    }

    /// The claimer in these cases, and its lease: a claim at 5 holds until 15.
    static let holder = "worker-1"
    static let leaseMs: Int64 = 10

    static let cases: [ContractCase] = [
        ContractCase("TrainingJobStore", "jobs are claimed once in submission order") { subject in
            let store = subject.store
            let first = try await store.enqueueTrainingJob(job("a-b-first", at: 1))
            let second = try await store.enqueueTrainingJob(job("a-b-second", at: 2))
            // Claims race each other on purpose: the writer must hand each job out once.
            let claimed = try await withThrowingTaskGroup(of: TrainingJob?.self) { group in
                for _ in 0..<4 { group.addTask { try await store.claimNextQueuedTrainingJob(atMs: 10, holder: holder, leaseMs: leaseMs) } }
                return try await group.reduce(into: [TrainingJob]()) { if let job = $1 { $0.append(job) } }
            }
            try expect(Set(claimed.map(\.id)) == [first.id, second.id])
            try expect(claimed.allSatisfy { $0.status == .running && $0.attempts == 1 && $0.startedAtMs == 10 })
            try expect(try await store.claimNextQueuedTrainingJob(atMs: 11, holder: holder, leaseMs: leaseMs) == nil)
        },
        ContractCase("TrainingJobStore", "the oldest queued job comes first") { subject in
            let store = subject.store
            let first = try await store.enqueueTrainingJob(job("a-b-first"))
            _ = try await store.enqueueTrainingJob(job("a-b-second"))
            try expect(try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)?.id == first.id)
            try expect(try await store.trainingJob(id: first.id)?.parametersJSON == #"{"target":"y"}"#)
        },
        ContractCase("TrainingJobStore", "progress logs and success are recorded") { subject in
            let store = subject.store
            let job = try await store.enqueueTrainingJob(job("a-b-c"))
            _ = try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)
            try expect(try await store.recordTrainingJobProgress(id: job.id, iteration: 3, totalIterations: 10, progress: 0.3) == false)
            try await store.appendTrainingJobLog(id: job.id, lines: ["one", "two"], atMs: 6)
            try await store.appendTrainingJobLog(id: job.id, lines: ["three"], atMs: 7)
            let running = try unwrap(try await store.trainingJob(id: job.id))
            try expect(running.iteration == 3 && running.totalIterations == 10 && running.progress == 0.3 && running.logLineCount == 3)
            try expect(try await store.trainingJobLogs(id: job.id, after: 0, limit: 10).map(\.message) == ["one", "two", "three"])
            try expect(try await store.trainingJobLogs(id: job.id, after: 1, limit: 1) == [TrainingJobLogLine(sequence: 2, atMs: 6, message: "two")])
            try await store.finishTrainingJob(id: job.id, status: .succeeded, error: nil, resultJSON: #"{"version":1}"#, atMs: 9)
            let done = try unwrap(try await store.trainingJob(id: job.id))
            try expect(done.status == .succeeded && done.progress == 1 && done.iteration == 10 && done.finishedAtMs == 9)
            try expect(done.resultJSON == #"{"version":1}"#)
            // Progress for a job that is no longer running tells the runner to stop.
            try expect(try await store.recordTrainingJobProgress(id: job.id, iteration: 4, totalIterations: 10, progress: 0.4))
        },
        ContractCase("TrainingJobStore", "cancelling a queued job is immediate and a running one is flagged") { subject in
            let store = subject.store
            let running = try await store.enqueueTrainingJob(job("a-b-running"))
            let queued = try await store.enqueueTrainingJob(job("a-b-queued"))
            _ = try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)
            try expect(try await store.requestTrainingJobCancel(id: queued.id, atMs: 6)?.status == .cancelled)
            let flagged = try unwrap(try await store.requestTrainingJobCancel(id: running.id, atMs: 6))
            try expect(flagged.status == .running && flagged.cancelRequested)
            try expect(try await store.recordTrainingJobProgress(id: running.id, iteration: 1, totalIterations: 2, progress: 0.5))
            try expect(try await store.requestTrainingJobCancel(id: UUID(), atMs: 6) == nil)
        },
        ContractCase("TrainingJobStore", "retry requeues only failed or cancelled jobs at the end") { subject in
            let store = subject.store
            let failing = try await store.enqueueTrainingJob(job("a-b-failing"))
            _ = try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)
            try await store.finishTrainingJob(id: failing.id, status: .failed, error: "target 'y' is missing", resultJSON: nil, atMs: 6)
            let waiting = try await store.enqueueTrainingJob(job("a-b-waiting"))
            let retried = try unwrap(try await store.retryTrainingJob(id: failing.id))
            try expect(retried.status == .queued && retried.error == nil && retried.attempts == 0 && retried.finishedAtMs == nil)
            try expect(try await store.claimNextQueuedTrainingJob(atMs: 7, holder: holder, leaseMs: leaseMs)?.id == waiting.id)
            try expect(try await store.retryTrainingJob(id: waiting.id)?.status == .running)
            try expect(try await store.trainingJobs(status: .queued, limit: 10).map(\.id) == [failing.id])
            try expect(try await store.trainingJobs(status: nil, limit: 10).map(\.modelName) == ["a-b-waiting", "a-b-failing"])
            try expect(try await store.trainingJobs(status: nil, limit: 10).allSatisfy { $0.parametersJSON.isEmpty })
        },
        ContractCase("TrainingJobStore", "interrupted jobs are requeued until their attempts are used up") { subject in
            let store = subject.store
            let patient = try await store.enqueueTrainingJob(job("a-b-patient", maxAttempts: 3))
            let _ = try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)
            let exhausted = try await store.enqueueTrainingJob(job("a-b-exhausted", maxAttempts: 1))
            let _ = try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)
            let cancelled = try await store.enqueueTrainingJob(job("a-b-cancelled"))
            let _ = try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)
            _ = try await store.requestTrainingJobCancel(id: cancelled.id, atMs: 6)

            // Claimed at 5 with a lease of 10: at 14 they are still someone's, from 15 they were interrupted.
            try expect(try await store.requeueInterruptedTrainingJobs(atMs: 14).isEmpty)
            let after = try await store.requeueInterruptedTrainingJobs(atMs: 15)
            let byID = Dictionary(uniqueKeysWithValues: after.map { ($0.id, $0) })
            try expect(byID[patient.id]?.status == .queued && byID[patient.id]?.attempts == 1)
            try expect(byID[exhausted.id]?.status == .failed && byID[exhausted.id]?.finishedAtMs == 15)
            try expect(byID[exhausted.id]?.error?.contains("/retry") == true)
            try expect(byID[cancelled.id]?.status == .cancelled)
            // The requeued job keeps its place at the head of the queue and counts the next attempt.
            try expect(try await store.claimNextQueuedTrainingJob(atMs: 16, holder: holder, leaseMs: leaseMs)?.attempts == 2)
        },
        ContractCase("TrainingJobStore", "a running job with a live lease is not requeued") { subject in
            let store = subject.store
            let job = try await store.enqueueTrainingJob(job("a-b-live"))
            _ = try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)
            // Another process starting at 10 finds the job still leased to worker-1 until 15.
            try expect(try await store.requeueInterruptedTrainingJobs(atMs: 10).isEmpty)
            let running = try unwrap(try await store.trainingJob(id: job.id))
            try expect(running.status == .running && running.attempts == 1 && running.startedAtMs == 5)
            try expect(try await store.claimNextQueuedTrainingJob(atMs: 10, holder: "worker-2", leaseMs: leaseMs) == nil)
        },
        ContractCase("TrainingJobStore", "renewing a lease keeps the job with its holder") { subject in
            let store = subject.store
            let job = try await store.enqueueTrainingJob(job("a-b-renewed"))
            _ = try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)
            try expect(try await store.renewTrainingJobLease(id: job.id, holder: holder, untilMs: 40))
            // Only the holder renews; an unknown job has no lease.
            try expect(try await store.renewTrainingJobLease(id: job.id, holder: "worker-2", untilMs: 90) == false)
            try expect(try await store.renewTrainingJobLease(id: UUID(), holder: holder, untilMs: 90) == false)
            try expect(try await store.requeueInterruptedTrainingJobs(atMs: 39).isEmpty)
            try expect(try await store.requeueInterruptedTrainingJobs(atMs: 40).map(\.id) == [job.id])
            // Requeued, the job is no longer the old holder's: its renewal fails, so that runner stops.
            try expect(try await store.renewTrainingJobLease(id: job.id, holder: holder, untilMs: 60) == false)
        },
        ContractCase("TrainingJobStore", "a finished job has no lease to renew") { subject in
            let store = subject.store
            let job = try await store.enqueueTrainingJob(job("a-b-done"))
            _ = try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)
            try await store.finishTrainingJob(id: job.id, status: .succeeded, error: nil, resultJSON: "{}", atMs: 6)
            try expect(try await store.renewTrainingJobLease(id: job.id, holder: holder, untilMs: 40) == false)
        },
        ContractCase("TrainingJobStore", "a released job does not spend an attempt") { subject in
            let store = subject.store
            let job = try await store.enqueueTrainingJob(job("a-b-c"))
            _ = try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)
            try await store.releaseTrainingJob(id: job.id)
            let released = try unwrap(try await store.trainingJob(id: job.id))
            try expect(released.status == .queued && released.attempts == 0)
        },
        ContractCase("TrainingJobStore", "the queue survives reopening") { subject in
            let store = subject.store
            let job = try await store.enqueueTrainingJob(job("a-b-c"))
            _ = try await store.claimNextQueuedTrainingJob(atMs: 5, holder: holder, leaseMs: leaseMs)
            try await store.appendTrainingJobLog(id: job.id, lines: ["started"], atMs: 5)
            let reopened = try await subject.reopen()
            try expect(try await reopened.trainingJob(id: job.id)?.status == .running)
            try expect(try await reopened.requeueInterruptedTrainingJobs(atMs: 15).map(\.status) == [.queued])
            try expect(try await reopened.trainingJobLogs(id: job.id, after: 0, limit: 5).map(\.message) == ["started"])
        },
    ]
}
