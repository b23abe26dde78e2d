import EcoCore
import EcoStore
import Foundation

/// The single writer of a SQLite database, with group commit.
///
/// Jobs submitted while a transaction is running wait and then share the next transaction
/// (one fsync for all of them). One failing job rolls back only its own changes: the group then
/// runs again with each job inside its own SAVEPOINT (jobs are re-runnable; `onRollback` undoes
/// their in-memory state). A job's continuation resumes only once its commit is durable: after
/// COMMIT returned, or, with a ``CommitSyncer``, after that thread's fsync of the WAL (the writer
/// meanwhile runs the next group). So a caller that got a result knows its data is durable.
final class GroupCommitWriter: @unchecked Sendable {
    /// A unit of work; returns its result and an action to run after the commit succeeded.
    typealias Job = (SQLiteConnection) throws -> (any Sendable, afterCommit: (() -> Void)?)

    private struct Pending {
        var job: Job
        /// Nil for the writer's own chore.
        var continuation: CheckedContinuation<any Sendable, any Error>?
        /// Undo in-memory state when the job's savepoint or the transaction rolls back.
        var onRollback: () -> Void
    }

    /// Work the writer schedules by itself (the observation stage's merge, ADR 0012). Called on the writer
    /// thread only.
    struct Chore {
        /// Nil when there is nothing to do; otherwise how long it may still wait (zero or less: now).
        var due: () -> Duration?
        /// A fresh job and its rollback each time it runs.
        var make: () -> (job: Job, onRollback: () -> Void)
    }

    /// Nil for a writer that refuses every job.
    private let connection: SQLiteConnection?
    /// What every job gets instead of running (a read-only store's writer); nil for a working writer.
    private let refusal: (any Error)?
    private let condition = NSCondition()
    private var pending: [Pending] = []
    private var stopping = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    private var chore: Chore?
    /// Nil when COMMIT itself syncs (or durability is not asked for): jobs complete right after it.
    private let syncer: CommitSyncer?

    /// A writer on `connection`; with `syncer`, the connection commits without syncing and each group's
    /// jobs complete (their `afterCommit`, then their callers) once the syncer has synced the WAL.
    init(connection: SQLiteConnection, syncer: CommitSyncer? = nil) {
        self.connection = connection
        self.syncer = syncer
        refusal = nil
        let thread = Thread { [unowned self] in
            // Named from inside: on Linux a thread can only name itself, and otherwise inherits its
            // creator's name; at most 15 bytes, or top -H and perf do not show it.
            Thread.current.name = "sqlite-writer"
            self.loop(connection)
        }
        self.thread = thread
        thread.start()
    }

    /// A writer without a connection or thread: every job throws `refusal` (a read-only store).
    init(refusing refusal: any Error) {
        connection = nil
        self.refusal = refusal
        syncer = nil
        stopping = true
    }

    /// Whether commits are synced by a ``CommitSyncer`` beside the writer.
    var syncsBesideTheWriter: Bool { syncer != nil }

    /// Runs `job` in the next group transaction and returns its result once committed.
    func submit<T: Sendable>(onRollback: @escaping () -> Void = {}, _ job: @escaping (SQLiteConnection) throws -> (T, afterCommit: (() -> Void)?)) async throws -> T {
        if let refusal { throw refusal }
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            condition.lock()
            if stopping {
                condition.unlock()
                continuation.resume(throwing: StoreError.closed)
                return
            }
            pending.append(Pending(job: { connection in
                let (value, after) = try job(connection)
                return (value, after)
            }, continuation: continuation, onRollback: onRollback))
            condition.signal()
            condition.unlock()
        }
        return result as! T
    }

    /// Sets the writer's chore: a transaction of its own after the next group once due, or as soon as it
    /// falls due while nothing is queued.
    func setChore(_ chore: Chore) {
        condition.lock()
        self.chore = chore
        condition.signal()
        condition.unlock()
    }

    /// Finishes queued jobs (and their syncs), then stops the thread.
    func stop() {
        guard refusal == nil else { return }
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
    }

    private func loop(_ connection: SQLiteConnection) {
        while true {
            condition.lock()
            var choreDue = false
            while pending.isEmpty && !stopping {
                guard let wait = chore?.due() else { condition.wait(); continue }
                if wait <= .zero { choreDue = true; break }
                let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
                _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
            }
            let group = pending
            pending.removeAll()
            let done = stopping && group.isEmpty
            let chore = self.chore
            condition.unlock()
            if done { break }
            if !group.isEmpty { runGroup(group, on: connection) }
            // The chore commits on its own, after the group: the requests in the group do not wait for it.
            if let chore, choreDue || (chore.due().map { $0 <= .zero } ?? false) {
                let made = chore.make()
                runGroup([Pending(job: made.job, continuation: nil, onRollback: made.onRollback)], on: connection)
            }
        }
        syncer?.stop()
        finished.signal()
    }

    private func runGroup(_ group: [Pending], on connection: SQLiteConnection) {
        // Jobs rarely fail, so the group first runs without savepoints: a savepoint makes SQLite copy
        // every page a job touches into a statement journal before changing it (a tenth of the writer's
        // time on wide ingest batches). Only when a job fails is the group rolled back and run again
        // with one savepoint per job, so the failing job costs nobody else their write.
        guard let outcomes = runTogether(group, on: connection) ?? runIsolated(group, on: connection) else { return }
        let complete: CommitSyncer.Completion = { failure in
            for (item, outcome) in zip(group, outcomes) {
                switch outcome {
                case let .success((value, afterCommit)):
                    // Committed, so its in-memory effects apply even when the sync failed.
                    afterCommit?()
                    if let failure { item.continuation?.resume(throwing: failure) } else { item.continuation?.resume(returning: value) }
                case let .failure(error):
                    item.continuation?.resume(throwing: error)
                }
            }
        }
        if let syncer { syncer.enqueue(complete) } else { complete(nil) }
    }

    private typealias Outcome = Result<(any Sendable, (() -> Void)?), any Error>

    /// Runs every job in one transaction without savepoints; nil (all rolled back) when one failed.
    private func runTogether(_ group: [Pending], on connection: SQLiteConnection) -> [Outcome]? {
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(group.count)
        var ran = 0
        connection.groupRollups = GroupRollups()
        defer { connection.groupRollups = nil }
        do {
            try connection.execute("BEGIN IMMEDIATE")
            for item in group {
                ran += 1
                outcomes.append(.success(try item.job(connection)))
            }
            try connection.groupRollups?.write(on: connection)
            try connection.execute("COMMIT")
            return outcomes
        } catch {
            try? connection.execute("ROLLBACK")
            for item in group.prefix(ran) { item.onRollback() }
            return nil
        }
    }

    /// Runs each job in its own savepoint of one transaction; nil when the transaction itself failed
    /// (every caller has then been answered with the error).
    private func runIsolated(_ group: [Pending], on connection: SQLiteConnection) -> [Outcome]? {
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(group.count)
        do {
            try connection.execute("BEGIN IMMEDIATE")
            for item in group {
                try connection.execute("SAVEPOINT job")
                do {
                    let value = try item.job(connection)
                    try connection.execute("RELEASE job")
                    outcomes.append(.success(value))
                } catch {
                    try connection.execute("ROLLBACK TO job")
                    try connection.execute("RELEASE job")
                    item.onRollback()
                    outcomes.append(.failure(error))
                }
            }
            try connection.execute("COMMIT")
            return outcomes
        } catch {
            try? connection.execute("ROLLBACK")
            for item in group { item.onRollback() }
            for item in group { item.continuation?.resume(throwing: error) }
            return nil
        }
    }
}
