import EcoCore
import EcoStore
import Foundation
import Synchronization

/// What route handlers share: the store, the variable catalogue, metrics and configuration.
public final class AppServices: Sendable {
    public let store: any EcoStore
    public let metrics: ServerMetrics
    public let configuration: ServeConfiguration
    /// Authentication, permissions, rate limits and audit (docs/security.md).
    public let access: AccessControl
    /// Loaded models and cached predictions for inference.
    public let models = ModelServing()
    /// Where alerts are opened, escalated, resolved and acknowledged.
    let alerts: AlertBook
    /// Wall-clock time in ms since the epoch (tests move it to make sensors fall silent).
    let clock: @Sendable () -> Int64
    private let catalogueBox: Mutex<VariableCatalogue>

    /// Loads user-registered variables from the store into the catalogue.
    public init(store: any EcoStore, configuration: ServeConfiguration, metrics: ServerMetrics = ServerMetrics(),
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) async throws {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.clock = clock
        self.alerts = AlertBook(store: store, clock: clock)
        self.access = await AccessControl(store: store, configuration: configuration, metrics: metrics)
        self.catalogueBox = Mutex(VariableCatalogue(registered: try await store.registeredVariables()))
    }

    /// The current catalogue (built-in plus registered variables).
    public var catalogue: VariableCatalogue { catalogueBox.withLock { $0 } }

    /// Validates, stores and adds a user variable to the catalogue.
    public func register(_ variable: Variable) async throws {
        var candidate = catalogue
        try candidate.register(variable)
        try await store.register(variable)
        catalogueBox.withLock { current in try? current.register(variable) }
    }
}
