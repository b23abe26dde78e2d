import EcoCore

/// Storage of user-registered variables (the built-in catalogue lives in code).
public protocol VariableStore: Sendable {
    func registeredVariables() async throws -> [Variable]
    /// Stores a new variable; a different definition under an existing name is a conflict.
    func register(_ variable: Variable) async throws
}

/// Everything the server needs from a store, in one type.
public protocol EcoStore: ObservationStore, ObservationRetentionStore, VariableStore, AuthStore, ForecastStore, ModelRegistry, WebhookStore, TrainingJobStore, OccurrenceStore, EventLog, AlertStore, AlertRuleStore, CarbonStore, IndicatorStore, ScenarioStore, YieldStore, EntryStore, DatasetStore, TrainingCheckpointStore {
    /// Whether the store answers and its schema is current (for /readyz).
    func isReady() async -> Bool
    /// Flushes and closes; later calls fail.
    func close() async throws
    /// The rate-limit and concurrency counters every process on this store shares; nil when the store belongs
    /// to one process (the default), which then counts in memory.
    var sharedLimits: (any SharedLimitStore)? { get }
}
