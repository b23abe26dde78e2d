import EcoCore
import EcoPipeline
import Synchronization

/// Requests in flight per caller, so one client running many heavy queries at once cannot take
/// every reader and slow everyone else down. A slot is held until the response body is written.
public final class ConcurrencyBudget: Sendable {
    public let limit: Int
    private let inFlight = Mutex<[String: Int]>([:])

    public init(limit: Int) {
        self.limit = limit
    }

    /// A slot for `key`, or nil when it already has `limit` requests in flight.
    func acquire(_ key: String) -> Slot? {
        let granted = inFlight.withLock { counts in
            let current = counts[key, default: 0]
            guard current < limit else { return false }
            counts[key] = current + 1
            return true
        }
        return granted ? Slot(budget: self, key: key) : nil
    }

    fileprivate func release(_ key: String) {
        inFlight.withLock { counts in
            let remaining = counts[key, default: 1] - 1
            counts[key] = remaining > 0 ? remaining : nil
        }
    }

    /// Requests in flight for `key` (for tests).
    func count(_ key: String) -> Int { inFlight.withLock { $0[key, default: 0] } }

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
