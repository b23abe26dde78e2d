import EcoCore
import EcoStore
import Synchronization

/// The newest committed event offset of one store, and the tasks waiting for a newer one.
///
/// Commits call ``publish(_:)`` after COMMIT returned, which resumes every waiter whose offset is
/// now passed: live streams and consumers wake without polling. Waiting honours cancellation.
final class EventSignal: Sendable {
    private struct Waiter {
        var after: Int64
        var continuation: CheckedContinuation<Int64, any Error>
    }

    private struct State {
        var latest: Int64
        var closed = false
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
    }

    private let state: Mutex<State>

    init(latest: Int64) {
        state = Mutex(State(latest: latest))
    }

    /// The newest offset published so far.
    var latest: Int64 { state.withLock { $0.latest } }

    /// Records that every event up to `offset` is committed and wakes the waiters it passes.
    /// An offset at or below the current one changes nothing.
    func publish(_ offset: Int64) {
        let woken: [CheckedContinuation<Int64, any Error>] = state.withLock { state in
            guard offset > state.latest else { return [] }
            state.latest = offset
            var ready: [CheckedContinuation<Int64, any Error>] = []
            for (id, waiter) in state.waiters where waiter.after < offset {
                ready.append(waiter.continuation)
                state.waiters[id] = nil
            }
            return ready
        }
        for continuation in woken { continuation.resume(returning: offset) }
    }

    /// Returns the newest offset as soon as it is greater than `offset` (at once when it already is).
    /// Throws `CancellationError` when the task is cancelled and `StoreError.closed` once the store closed.
    func wait(after offset: Int64) async throws -> Int64 {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int64, any Error>) in
                // Decided under the lock, so a cancellation handler that ran first (and found no
                // waiter to resume) is seen here through Task.isCancelled.
                let immediate: Result<Int64, any Error>? = state.withLock { state in
                    if state.latest > offset { return .success(state.latest) }
                    if state.closed { return .failure(StoreError.closed) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = Waiter(after: offset, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Fails every waiter, and every later wait that would block, with `StoreError.closed`.
    func close() {
        let waiters: [Waiter] = state.withLock { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: StoreError.closed) }
    }

    /// How many tasks are waiting (for tests and metrics).
    var waiterCount: Int { state.withLock { $0.waiters.count } }
}
