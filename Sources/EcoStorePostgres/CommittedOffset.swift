import EcoStore
import Synchronization

/// The newest event offset this process knows to be committed — by its own commits or by another
/// process's, announced through LISTEN/NOTIFY — and the tasks waiting for a newer one.
final class CommittedOffset: Sendable {
    private struct Parked {
        var threshold: Int64
        var continuation: CheckedContinuation<Int64, any Error>
    }

    private struct State {
        var offset: Int64
        var isClosed = false
        var lastTicket: UInt64 = 0
        var parked: [UInt64: Parked] = [:]
    }

    private let state: Mutex<State>

    init(_ offset: Int64) {
        state = Mutex(State(offset: offset))
    }

    var value: Int64 { state.withLock { $0.offset } }

    /// Raises the known offset to `offset` (a lower one is ignored) and resumes the tasks it satisfies.
    func advance(to offset: Int64) {
        let ready = state.withLock { state -> [CheckedContinuation<Int64, any Error>] in
            guard offset > state.offset else { return [] }
            state.offset = offset
            let due = state.parked.filter { $0.value.threshold < offset }
            for ticket in due.keys { state.parked[ticket] = nil }
            return due.values.map(\.continuation)
        }
        ready.forEach { $0.resume(returning: offset) }
    }

    /// Suspends until the offset exceeds `threshold` (returns at once when it already does) and returns it.
    /// Throws `CancellationError` when cancelled and `StoreError.closed` once closed.
    func wait(beyond threshold: Int64) async throws -> Int64 {
        let ticket = state.withLock { state -> UInt64 in
            state.lastTicket &+= 1
            return state.lastTicket
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int64, any Error>) in
                // Decided under the lock, so a cancellation that ran before parking is seen here.
                let outcome: Result<Int64, any Error>? = state.withLock { state in
                    if state.offset > threshold { return .success(state.offset) }
                    if state.isClosed { return .failure(StoreError.closed) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.parked[ticket] = Parked(threshold: threshold, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            state.withLock { $0.parked.removeValue(forKey: ticket) }?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Fails every parked task, and every later wait that would park, with `StoreError.closed`.
    func close() {
        let parked = state.withLock { state -> [Parked] in
            state.isClosed = true
            defer { state.parked = [:] }
            return Array(state.parked.values)
        }
        parked.forEach { $0.continuation.resume(throwing: StoreError.closed) }
    }
}
