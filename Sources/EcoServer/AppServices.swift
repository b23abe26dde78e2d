import EcoCore
import EcoPipeline
import EcoStore

/// What route handlers share: the platform's services (``Platform``) and access control. The
/// shorthands below are the ones handlers use; the work itself is in EcoPipeline.
public final class AppServices: Sendable {
    public let platform: Platform
    /// Authentication, permissions, rate limits and audit (docs/security.md).
    public let access: AccessControl
    /// Observation reads kept while the data is unchanged.
    let readCache = ReadCache()

    public init(platform: Platform) async {
        self.platform = platform
        // Replicas sharing a store (PostgreSQL) share each caller's rate limit and concurrency budget through it.
        let shared = platform.store.sharedLimits
        access = await AccessControl(store: platform.store, configuration: platform.configuration, metrics: platform.metrics,
                                     clock: platform.clock,
                                     limiter: shared.map { SharedRateLimiter(counters: $0, logger: platform.logger) } ?? InMemoryRateLimiter(),
                                     sharedSlots: shared.map { SharedConcurrencySlots(counters: $0, holder: platform.instanceID, logger: platform.logger) },
                                     logger: platform.logger)
    }

    /// Writes the audit entries queued by answered requests (waiting at most 2 s): call it after the
    /// server stopped and before the store closes, or the last requests' entries are lost.
    public func finish() async { await access.audit.settle() }

    public var store: any EcoStore { platform.store }
    public var configuration: EcoConfiguration { platform.configuration }
    public var metrics: EcoMetrics { platform.metrics }
    public var clock: WallClock { platform.clock }
    public var catalogue: VariableCatalogue { platform.catalogue }
    public var models: ModelServing { platform.models }
    public var alerts: AlertBook { platform.alerts }
    public var observationReads: ObservationReads { platform.observationReads }
    public var timeseries: TimeseriesQuery { platform.timeseries }
    public var cellAggregation: CellAggregation { platform.cellAggregation }
    public var forecasts: ForecastService { platform.forecasts }

    /// Validates, stores and adds a user variable to the catalogue.
    public func register(_ variable: Variable) async throws {
        try await platform.variables.register(variable)
    }
}
