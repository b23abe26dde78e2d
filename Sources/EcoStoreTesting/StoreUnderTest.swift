import EcoStore
import Synchronization

/// A fresh, empty store for one contract case, and a way to close and reopen it on the same data
/// (what a restart does). The adapter's test target makes one per case.
public final class StoreUnderTest: Sendable {
    private let current: Mutex<any EcoStore>
    private let reopening: @Sendable (any EcoStore) async throws -> any EcoStore

    /// - Parameters:
    ///   - store: a new, empty store.
    ///   - reopen: closes the given store and opens its data again.
    public init(_ store: any EcoStore, reopen: @escaping @Sendable (any EcoStore) async throws -> any EcoStore) {
        current = Mutex(store)
        reopening = reopen
    }

    /// The store as it is now (after the last reopen).
    public var store: any EcoStore { current.withLock { $0 } }

    /// Closes the store and opens the same data again, as a restarted process would.
    @discardableResult
    public func reopen() async throws -> any EcoStore {
        let reopened = try await reopening(store)
        current.withLock { $0 = reopened }
        return reopened
    }

    /// Runs `contract` on `store`, closing whatever store is current at the end.
    public static func run(_ contract: ContractCase, on store: any EcoStore,
                           reopen: @escaping @Sendable (any EcoStore) async throws -> any EcoStore) async throws {
        let subject = StoreUnderTest(store, reopen: reopen)
        do {
            try await contract.check(subject)
        } catch {
            try? await subject.store.close()
            throw error
        }
        try await subject.store.close()
    }
}
