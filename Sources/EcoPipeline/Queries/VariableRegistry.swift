import EcoCore
import EcoStore
import Synchronization

/// The variable catalogue of a running platform: the built-in variables plus those users registered,
/// loaded from the store at start and kept in memory.
public final class VariableRegistry: Sendable {
    private let store: any VariableStore
    private let box: Mutex<VariableCatalogue>

    /// Loads the registered variables from `store`.
    public init(store: any VariableStore) async throws {
        self.store = store
        box = Mutex(VariableCatalogue(registered: try await store.registeredVariables()))
    }

    /// The current catalogue (built-in plus registered variables).
    public var catalogue: VariableCatalogue { box.withLock { $0 } }

    /// Validates, stores and adds a user variable to the catalogue.
    public func register(_ variable: Variable) async throws {
        var candidate = catalogue
        try candidate.register(variable)
        try await store.register(variable)
        box.withLock { current in try? current.register(variable) }
    }
}
