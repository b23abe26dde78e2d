import EcoCore
import Logging
import Synchronization

/// Requests in flight per caller, so one client running many heavy queries at once cannot take
/// every reader and slow everyone else down. A slot is held until the response body is written.
///
/// A caller at its limit waits in a short queue (at most `limit` waiters, at most `queueWait`)
/// for a slot to free up: a gateway posting on many connections is slowed down, not refused, while
/// a runaway client still gets 429 quickly.
///
/// With ``SharedConcurrencySlots`` (replicas on PostgreSQL), the slots asked for with `shared: true` are counted
/// in the store for every replica; a caller at its limit then asks the store again every 10–200 ms within
/// `queueWait` (a slot freed in another replica sends no signal). When the store cannot answer, the slot is
/// counted in this process, as without a shared store.
public final class ConcurrencyBudget: Sendable {
    /// How long a request may wait for a slot before it is refused.
    public let queueWait: Duration
    /// Where slots asked for with `shared: true` are counted; nil: in this process.
    private let shared: SharedConcurrencySlots?
    private let logger: Logger?

    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var inFlight: [String: Int] = [:]
        var waiting: [String: [Waiter]] = [:]
        var nextWaiter = 0
        /// Requests waiting for a shared slot, per caller.
        var waitingShared: [String: Int] = [:]
        /// Whether the shared store failed last time (its failures are logged once per run).
        var sharedFailing = false
    }

    private let state = Mutex(State())

    public init(queueWait: Duration = .seconds(2), shared: SharedConcurrencySlots? = nil, logger: Logger? = nil) {
        self.queueWait = queueWait
        self.shared = shared
        self.logger = logger
    }

    /// A slot for `key` (which may have `limit` in flight), waiting up to `queueWait` in a queue of at
    /// most `limit` waiters; nil when none freed up in time or the queue is full. `shared` counts it in the
    /// store for every replica when there is one.
    func acquire(_ key: String, limit: Int, shared useShared: Bool = false) async -> Slot? {
        if useShared, let shared {
            do {
                let slot = try await acquireShared(key, limit: limit, from: shared)
                noteShared(failure: nil)
                return slot
            } catch {
                noteShared(failure: error)
            }
        }
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
        case .granted: return localSlot(key)
        case .refused: return nil
        case let .queued(id): return await wait(key, id: id) ? localSlot(key) : nil
        }
    }

    private func localSlot(_ key: String) -> Slot { Slot { self.release(key) } }

    /// A slot counted in the store: at once, or by asking again (10 ms doubling to 200 ms) until `queueWait` has
    /// passed, in a queue of at most `limit` waiters of this process; nil when refused or cancelled.
    private func acquireShared(_ key: String, limit: Int, from shared: SharedConcurrencySlots) async throws -> Slot? {
        if let slot = try await shared.take(key, limit: limit) { return slot }
        let queued = state.withLock { state in
            guard queueWait > .zero, state.waitingShared[key, default: 0] < limit else { return false }
            state.waitingShared[key, default: 0] += 1
            return true
        }
        guard queued else { return nil }
        defer {
            state.withLock { state in
                let remaining = state.waitingShared[key, default: 1] - 1
                state.waitingShared[key] = remaining > 0 ? remaining : nil
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now + queueWait
        var pause = Duration.milliseconds(10)
        while clock.now < deadline {
            do { try await Task.sleep(for: min(pause, deadline - clock.now)) } catch { return nil }
            if let slot = try await shared.take(key, limit: limit) { return slot }
            pause = min(pause * 2, .milliseconds(200))
        }
        return nil
    }

    /// Logs the first failure of the shared store in a run of them, and its recovery.
    private func noteShared(failure: (any Error)?) {
        let changed = state.withLock { state in
            defer { state.sharedFailing = failure != nil }
            return state.sharedFailing != (failure != nil)
        }
        guard changed else { return }
        if let failure {
            logger?.warning("shared concurrency slots unavailable; counting in this process", metadata: ["error": "\(failure)"])
        } else {
            logger?.notice("shared concurrency slots answer again")
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

    /// Requests of `key` waiting for a slot, in this process or for a shared one (for tests).
    func waiting(_ key: String) -> Int { state.withLock { ($0.waiting[key]?.count ?? 0) + $0.waitingShared[key, default: 0] } }

    /// Requests in flight for `key` (for tests).
    func count(_ key: String) -> Int { state.withLock { $0.inFlight[key, default: 0] } }

    /// One held slot; released once, explicitly or when the last reference goes away (a response
    /// that is dropped without being written must not leak its slot).
    final class Slot: Sendable {
        private let giveBack: @Sendable () -> Void
        private let released = Atomic<Bool>(false)

        /// A slot that runs `giveBack` once, when released.
        init(giveBack: @escaping @Sendable () -> Void) {
            self.giveBack = giveBack
        }

        func release() {
            if !released.exchange(true, ordering: .acquiringAndReleasing) { giveBack() }
        }

        deinit { release() }
    }
}
