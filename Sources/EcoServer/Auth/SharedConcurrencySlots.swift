import EcoStore
import Logging
import Synchronization

/// Concurrency slots counted in a store every replica shares (``EcoStore/sharedLimits``, PostgreSQL), so a
/// consumer has one in-flight budget however many replicas its requests reach. Each slot is leased: it counts
/// until released or until ``lease`` has passed, so the slots of a replica killed mid-request come back by then
/// (a request still running after the lease stops counting, which only ever lets a caller have one more).
public final class SharedConcurrencySlots: Sendable {
    /// How long a slot counts at most.
    public let lease: Duration
    private let counters: any SharedLimitStore
    private let holder: String
    private let logger: Logger
    private let issued = Atomic<Int>(0)

    /// - Parameters:
    ///   - holder: this process's name (``Platform/instanceID``), so slot ids of different replicas never clash.
    public init(counters: any SharedLimitStore, holder: String, lease: Duration = .seconds(60), logger: Logger) {
        self.counters = counters
        self.holder = holder
        self.lease = lease
        self.logger = logger
    }

    /// One of `key`'s `limit` slots, taken in the store; nil when all are held. The slot gives itself back to the
    /// store (off the caller's path) when released; a release that fails leaves it to expire with its lease.
    /// - Throws: the store's error when it cannot answer.
    func take(_ key: String, limit: Int) async throws -> ConcurrencyBudget.Slot? {
        let id = "\(holder)#\(issued.add(1, ordering: .relaxed).newValue)"
        guard try await counters.acquireConcurrencySlot(key: key, slot: id, limit: limit, lease: lease) else { return nil }
        return ConcurrencyBudget.Slot { [counters, logger, lease] in
            Task {
                do { try await counters.releaseConcurrencySlot(key: key, slot: id) } catch {
                    logger.info("a shared concurrency slot was not given back; it expires with its lease",
                                metadata: ["lease.seconds": "\(lease.components.seconds)", "error": "\(error)"])
                }
            }
        }
    }
}
