import EcoCore
import EcoStore
import Foundation
import Logging
import Synchronization

/// Carries one running job's progress and log lines from the training thread to the store, and
/// brings back whether someone asked to cancel it.
///
/// The training thread never waits for the store: `progress` and `log` only queue updates, and
/// `deliver` writes them in order. Progress is written at most once per `interval` (and when it
/// reaches 100 %), so a forest of 10,000 small trees costs a handful of writes per second.
final class TrainingJobReporter: Sendable {
    private enum Update: Sendable {
        case progress(done: Int, total: Int)
        case log(String)
    }

    private struct Throttle {
        var lastWrite: ContinuousClock.Instant?
        var lastLoggedTenth = 0
    }

    let jobID: UUID
    private let interval: Duration
    private let updates: AsyncStream<Update>
    private let continuation: AsyncStream<Update>.Continuation
    private let throttle = Mutex(Throttle())
    private let cancelRequested = Atomic<Bool>(false)
    private let stopping: @Sendable () -> Bool
    private let clock: WallClock

    /// - Parameter stopping: true once the runner shuts down; training then stops at the next report.
    init(jobID: UUID, interval: Duration = .milliseconds(250), clock: WallClock, stopping: @escaping @Sendable () -> Bool) {
        self.jobID = jobID
        self.clock = clock
        self.interval = interval
        self.stopping = stopping
        (updates, continuation) = AsyncStream.makeStream(of: Update.self)
    }

    /// Whether cancellation was requested, through the store or `requestCancel()`.
    var isCancelRequested: Bool { cancelRequested.load(ordering: .relaxed) }

    /// Marks the job cancelled at once (the cancel route of this process calls it).
    func requestCancel() { cancelRequested.store(true, ordering: .relaxed) }

    /// The job's progress callback: queues a throttled progress write and a log line at every
    /// tenth of the way; false when the job should stop.
    func progress(done: Int, total: Int) -> Bool {
        if isCancelRequested || stopping() { return false }
        let now = ContinuousClock.now
        let (write, tenth) = throttle.withLock { state -> (Bool, Int?) in
            let due = done >= total || state.lastWrite.map { now - $0 >= interval } ?? true
            if due { state.lastWrite = now }
            let tenth = total > 0 ? min(10, done * 10 / total) : 0
            guard tenth > state.lastLoggedTenth else { return (due, nil) }
            state.lastLoggedTenth = tenth
            return (due, tenth)
        }
        if write { continuation.yield(.progress(done: done, total: total)) }
        if let tenth { continuation.yield(.log("\(tenth * 10) % (iteration \(done) of \(total))")) }
        return true
    }

    /// Queues a line for the job's log.
    func log(_ line: String) { continuation.yield(.log(line)) }

    /// Ends `deliver` once the queued updates are written.
    func finish() { continuation.finish() }

    /// Writes queued updates in order until `finish()`; a failed write is logged and skipped.
    func deliver(to store: any TrainingJobStore, logger: Logger) async {
        for await update in updates {
            do {
                switch update {
                case let .progress(done, total):
                    let progress = total > 0 ? Double(done) / Double(total) : 0
                    if try await store.recordTrainingJobProgress(id: jobID, iteration: done, totalIterations: total, progress: progress) {
                        requestCancel()
                    }
                case let .log(line):
                    try await store.appendTrainingJobLog(id: jobID, lines: [line], atMs: clock.nowMs())
                }
            } catch {
                logger.warning("training job update not stored", metadata: ["job": "\(jobID.uuidString.lowercased())", "error": "\(error)"])
            }
        }
    }
}
