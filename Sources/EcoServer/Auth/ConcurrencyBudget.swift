import EcoCore
import Synchronization

/// Requests in flight per caller, so one client running many heavy queries at once cannot take
/// every reader and slow everyone else down. A slot is held until the response body is written.
///
/// A caller at its limit waits in a short queue (at most `limit` waiters, at most `queueWait`)
/// for a slot to free up: a gateway posting on many connections is slowed down, not refused, while
/// a runaway client still gets 429 quickly.
public final class ConcurrencyBudget: Sendable {
    /// How long a request may wait for a slot before it is refused.
    public let queueWait: Duration

    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var inFlight: [String: Int] = [:]
        var waiting: [String: [Waiter]] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    public init(queueWait: Duration = .seconds(2)) {
        self.queueWait = queueWait
    }

    /// A slot for `key` (which may have `limit` in flight), waiting up to `queueWait` in a queue of at
    /// most `limit` waiters; nil when none freed up in time or the queue is full.
    func acquire(_ key: String, limit: Int) async -> Slot? {
        enum Outcome { case granted, queued(Int), refused }
        let outcome = state.withLock { state -> Outcome in
            let current = state.inFlight[key, default: 0]
            if current < limit {
                state.inFlight[key] = current + 1
                return .granted
            }
            guard queueWait > .zero, (state.waiting[key]?.count ?? 0) < limit else { return .refused }
            state.nextWaiter += 1
            return .queued(state.nextWaiter)
        }
        switch outcome {
        case .granted: return Slot(budget: self, key: key)
        case .refused: return nil
        case let .queued(id): return await wait(key, id: id) ? Slot(budget: self, key: key) : nil
        }
    }

    /// Waits in `key`'s queue; true when a released slot was handed over (already counted in flight).
    private func wait(_ key: String, id: Int) async -> Bool {
        let timer = Mutex<Task<Void, Never>?>(nil)
        defer { timer.withLock { $0?.cancel() } }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                state.withLock { $0.waiting[key, default: []].append(Waiter(id: id, continuation: continuation)) }
                // Started once queued, so a timeout can never miss its waiter.
                let task = Task { [queueWait] in
                    try? await Task.sleep(for: queueWait)
                    self.giveUp(key, id: id)
                }
                timer.withLock { $0 = task }
            }
        } onCancel: {
            self.giveUp(key, id: id)
        }
    }

    /// Removes a waiter that timed out or was cancelled, answering it "no slot".
    private func giveUp(_ key: String, id: Int) {
        let waiter = state.withLock { state -> Waiter? in
            guard var queue = state.waiting[key], let index = queue.firstIndex(where: { $0.id == id }) else { return nil }
            let waiter = queue.remove(at: index)
            state.waiting[key] = queue.isEmpty ? nil : queue
            return waiter
        }
        waiter?.continuation.resume(returning: false)
    }

    /// Frees a slot, or hands it straight to the oldest waiter of the same caller.
    fileprivate func release(_ key: String) {
        let next = state.withLock { state -> Waiter? in
            if var queue = state.waiting[key], !queue.isEmpty {
                let waiter = queue.removeFirst()
                state.waiting[key] = queue.isEmpty ? nil : queue
                return waiter
            }
            let remaining = state.inFlight[key, default: 1] - 1
            state.inFlight[key] = remaining > 0 ? remaining : nil
            return nil
        }
        next?.continuation.resume(returning: true)
    }

    /// Requests of `key` waiting for a slot (for tests).
    func waiting(_ key: String) -> Int { state.withLock { $0.waiting[key]?.count ?? 0 } }

    /// Requests in flight for `key` (for tests).
    func count(_ key: String) -> Int { state.withLock { $0.inFlight[key, default: 0] } }

    /// One held slot; released once, explicitly or when the last reference goes away (a response
    /// that is dropped without being written must not leak its slot).
    final class Slot: Sendable {
        private let budget: ConcurrencyBudget
        private let key: String
        private let released = Atomic<Bool>(false)

        fileprivate init(budget: ConcurrencyBudget, key: String) {
            self.budget = budget
            self.key = key
        }

        func release() {
            if !released.exchange(true, ordering: .acquiringAndReleasing) { budget.release(key) }
        }

        deinit { release() }
    }
}
