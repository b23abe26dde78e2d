import EcoCore
import EcoML
import EcoStore
import Foundation
import Logging
import Tracing
import ServiceLifecycle
import Synchronization

/// Background service that runs queued training jobs one at a time, oldest first.
///
/// Each claimed job is leased to this process (`holder`) for `lease`, renewed every `heartbeat`
/// while it runs. On start, and at every wake-up, it puts jobs whose lease expired (their process
/// died) back in the queue, or fails those that used up their attempts; jobs other live processes
/// are running keep their lease and are left alone. It waits for `jobSubmitted()` or the store's signal of a job queued
/// by another process (``TrainingJobStore/queuedTrainingJobSignals()``: NOTIFY on PostgreSQL) rather than polling, with a slow
/// `fallback` tick in case a signal was missed. Training runs on a dedicated thread, not on the
/// cooperative pool the HTTP server needs. On shutdown the running job stops at its next
/// progress report and goes back to the queue without spending an attempt.
public final class TrainingJobRunner: Service, Sendable {
    let jobs: any TrainingJobStore
    let stores: TrainingJobContext.Stores
    let variables: VariableRegistry
    let clock: WallClock
    let logger: Logger
    let kinds: [any TrainingJobKind]
    let fallback: Duration
    let holder: String
    let leaseMs: Int64
    let heartbeat: Duration
    let metrics: EcoMetrics?
    let objects: (any ObjectStore)?
    private let wakeup = TrainingJobWakeup()
    private let stopping = Atomic<Bool>(false)
    private let current = Mutex<TrainingJobReporter?>(nil)

    /// - Parameters:
    ///   - holder: this process, as named on the leases of the jobs it runs (unique among live processes).
    ///   - lease: how long a claimed job stays this process's without a renewal; `heartbeat` must be well below it.
    public init(jobs: any TrainingJobStore, stores: TrainingJobContext.Stores, variables: VariableRegistry, clock: WallClock,
                logger: Logger, kinds: [any TrainingJobKind] = TrainingJobKinds.all, fallback: Duration = .seconds(30),
                holder: String, lease: Duration = .seconds(30), heartbeat: Duration = .seconds(10), metrics: EcoMetrics? = nil,
                objects: (any ObjectStore)? = nil) {
        precondition(heartbeat < lease, "the lease heartbeat must be shorter than the lease")
        self.jobs = jobs
        self.stores = stores
        self.variables = variables
        self.clock = clock
        self.logger = logger
        self.kinds = kinds
        self.fallback = fallback
        self.holder = holder
        self.leaseMs = Int64((lease.seconds * 1000).rounded())
        self.heartbeat = heartbeat
        self.metrics = metrics
        self.objects = objects
    }

    /// Wakes the runner: a job was queued.
    public func jobSubmitted() { wakeup.signal() }

    /// Stops the job with `id` at its next progress report if this runner is running it
    /// (the store's flag reaches runners in other processes).
    public func cancelRequested(id: UUID) {
        current.withLock { reporter in if reporter?.jobID == id { reporter?.requestCancel() } }
    }

    public func run() async throws {
        let executor = TrainingThreadExecutor(name: "ecotrack-training")
        defer { executor.shutdown() }
        let signals = jobs.queuedTrainingJobSignals()
        let relay = _Concurrency.Task { [wakeup] in
            for await _ in signals { wakeup.signal() }
        }
        defer { relay.cancel() }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                while !isStopping {
                    await recoverInterruptedJobs()
                    await runQueuedJobs(on: executor)
                    if isStopping { break }
                    await wakeup.wait(upTo: fallback)
                }
            } onGracefulShutdown: {
                self.stop()
            }
        } onCancel: {
            self.stop()
        }
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) || _Concurrency.Task.isCancelled }

    private func stop() {
        stopping.store(true, ordering: .relaxed)
        wakeup.signal()
    }

    private func recoverInterruptedJobs() async {
        do {
            for job in try await jobs.requeueInterruptedTrainingJobs(atMs: clock.nowMs()) {
                let line = switch job.status {
                case .queued: "the server stopped while this job ran (attempt \(job.attempts) of \(job.maxAttempts)); back in the queue"
                case .cancelled: "the server stopped while this job ran; it had been asked to cancel, so it is cancelled"
                default: job.error ?? "the server stopped while this job ran"
                }
                try await jobs.appendTrainingJobLog(id: job.id, lines: [line], atMs: clock.nowMs())
                logger.notice("interrupted training job recovered", metadata: ["job": "\(job.id.uuidString.lowercased())", "status": "\(job.status.rawValue)"])
            }
        } catch {
            logger.error("could not recover interrupted training jobs", metadata: ["error": "\(error)"])
        }
    }

    private func runQueuedJobs(on executor: TrainingThreadExecutor) async {
        while !isStopping {
            let job: TrainingJob
            do {
                guard let next = try await jobs.claimNextQueuedTrainingJob(atMs: clock.nowMs(), holder: holder, leaseMs: leaseMs) else { return }
                job = next
            } catch {
                logger.error("could not claim a training job", metadata: ["error": "\(error)"])
                return
            }
            await Traced.span("training.job", kind: .consumer, attributes: [
                "job.id": .string(job.id.uuidString.lowercased()), "job.kind": .string(job.kind), "job.attempt": .int64(Int64(job.attempts)),
            ]) { await execute(job, on: executor) }
        }
    }

    private func execute(_ job: TrainingJob, on executor: TrainingThreadExecutor) async {
        let store = jobs
        let reporter = TrainingJobReporter(jobID: job.id, clock: clock) { [self] in stopping.load(ordering: .relaxed) }
        current.withLock { $0 = reporter }
        defer { current.withLock { $0 = nil } }
        async let delivered: Void = reporter.deliver(to: store, logger: logger)
        let leaseKeeper = _Concurrency.Task { await keepLease(of: job.id, reporter: reporter) }
        reporter.log("attempt \(job.attempts) of \(job.maxAttempts) started: kind \(job.kind), model \(job.modelName)")
        let started = ContinuousClock.now
        let result: Result<ModelTraining.Outcome, any Error>
        if let kind = kinds.first(where: { $0.name == job.kind }) {
            let context = TrainingJobContext(store: stores, catalogue: variables.catalogue, clock: clock, modelName: job.modelName,
                                             objects: objects, jobID: job.id.uuidString.lowercased(),
                                             progress: { done, total in reporter.progress(done: done, total: total) },
                                             log: { line in reporter.log(line) })
            result = await Self.run(kind, parameters: job.parametersJSON, context: context, on: executor)
        } else {
            result = .failure(EcoError.badRequest("No training job kind '\(job.kind)' in this server; kinds: \(TrainingJobKinds.names.joined(separator: ", "))."))
        }
        let seconds = String(format: "%.1f", (ContinuousClock.now - started).seconds)
        leaseKeeper.cancel()
        // One last renewal before the end is recorded: the job must still be this process's, for another lease length.
        var leaseLost = await leaseKeeper.value
        if !leaseLost { leaseLost = !(await stillHolds(job.id)) }
        let ending = Self.ending(of: result, cancelRequested: reporter.isCancelRequested, stopping: stopping.load(ordering: .relaxed))
        reporter.log((leaseLost ? Self.leaseLostLine : ending.line) + " after \(seconds) s")
        reporter.finish()
        await delivered
        if leaseLost {
            // Another process took the job back; its outcome is that process's to record.
            logger.warning("training job lease lost; stopped without recording an end", metadata: ["job": "\(job.id.uuidString.lowercased())"])
            return
        }
        do {
            if ending.status == .queued {
                try await store.releaseTrainingJob(id: job.id)
            } else {
                try await store.finishTrainingJob(id: job.id, status: ending.status, error: ending.error, resultJSON: ending.resultJSON,
                                                  atMs: clock.nowMs())
            }
        } catch {
            // The job stays `running`; the next start requeues it.
            logger.error("could not record the end of a training job", metadata: ["job": "\(job.id.uuidString.lowercased())", "error": "\(error)"])
        }
        metrics?.backgroundJobEnded(kind: "training", status: ending.status == .queued ? "released" : ending.status.rawValue)
        logger.info("training job ended", metadata: ["job": "\(job.id.uuidString.lowercased())", "status": "\(ending.status.rawValue)", "seconds": "\(seconds)"])
    }

    static let leaseLostLine = "this process stopped: it could not renew its lease in time, so the job went back to the queue for another run"

    /// Renews the job's lease every `heartbeat` until cancelled. Returns true when the lease was lost (the job
    /// is no longer this process's: it was requeued after the lease expired), having stopped the training.
    private func keepLease(of id: UUID, reporter: TrainingJobReporter) async -> Bool {
        while true {
            do { try await _Concurrency.Task.sleep(for: heartbeat) } catch { return false }
            do {
                if try await jobs.renewTrainingJobLease(id: id, holder: holder, untilMs: clock.nowMs() + leaseMs) { continue }
                if _Concurrency.Task.isCancelled { return false }  // the job ended while the renewal ran
                reporter.requestCancel()
                return true
            } catch {
                // The store may be back before the lease runs out; keep trying.
                logger.warning("training job lease not renewed", metadata: ["job": "\(id.uuidString.lowercased())", "error": "\(error)"])
            }
        }
    }

    /// Whether this process still holds the job's lease, renewing it; true when the store cannot tell (the end's write fails then too).
    private func stillHolds(_ id: UUID) async -> Bool {
        (try? await jobs.renewTrainingJobLease(id: id, holder: holder, untilMs: clock.nowMs() + leaseMs)) ?? true
    }

    /// Runs the kind on the training thread.
    private static func run(_ kind: any TrainingJobKind, parameters: String, context: TrainingJobContext,
                            on executor: TrainingThreadExecutor) async -> Result<ModelTraining.Outcome, any Error> {
        await withTaskExecutorPreference(executor) {
            do {
                let value = try JSONDecoder().decode(JSONValue.self, from: Data(parameters.utf8))
                return .success(try await kind.run(value, context: context))
            } catch {
                return .failure(error)
            }
        }
    }

    /// How a run ends: its status, error or result, and the last log line.
    struct Ending {
        var status: TrainingJobStatus
        var error: String?
        var resultJSON: String?
        var line: String
    }

    static func ending(of result: Result<ModelTraining.Outcome, any Error>, cancelRequested: Bool, stopping: Bool) -> Ending {
        switch result {
        case let .success(outcome):
            return Ending(status: .succeeded, resultJSON: outcome.summaryJSON,
                          line: "succeeded: \(outcome.registered.name) version \(outcome.registered.version)")
        case .failure where cancelRequested:
            return Ending(status: .cancelled, line: "cancelled on request")
        case .failure where stopping:
            return Ending(status: .queued, line: "the server is shutting down; back in the queue, to resume on the next start")
        case let .failure(error):
            let message = message(for: error)
            return Ending(status: .failed, error: message, line: "failed: \(message)")
        }
    }

    /// The sentence a user sees for a failure.
    public static func message(for error: any Error) -> String {
        switch error {
        case let error as EcoError: error.message
        case let error as MLError: error.description
        case let error as any CustomStringConvertible: error.description
        default: "\(error)"
        }
    }
}
