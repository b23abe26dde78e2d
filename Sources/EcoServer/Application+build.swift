import EcoCore
import EcoStore
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle

/// Builds the HTTP application `ecotrack serve` runs; tests call the same function.
/// `onServerRunning` receives the bound port (useful with port 0 in tests).
public func buildApplication(services: AppServices, logger: Logger, routes: RouteTable = RouteTable(),
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
    let configuration = services.configuration
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: services.metrics))
    // Outside ProblemMiddleware so error responses get the security and CORS headers too.
    router.add(middleware: SecurityHeadersMiddleware(hsts: configuration.hsts))
    if !configuration.corsOrigins.isEmpty { router.add(middleware: CORSAllowListMiddleware(origins: configuration.corsOrigins)) }
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: AuthMiddleware(access: services.access))

    let openAPI = try OpenAPIDocument.load().encoded()
    OperationsRoutes(services: services, openAPI: openAPI).register(on: RouteRegistrar(methods: router, prefix: "", table: routes, access: services.access))
    let api = RouteRegistrar(methods: router.group("/api/v1"), prefix: "/api/v1", table: routes, access: services.access)
    let trainingJobs = TrainingJobRunner(services: services, logger: logger)
    IngestRoutes(services: services).register(on: api)
    ObservationQueryRoutes(services: services).register(on: api)
    TimeseriesRoutes(services: services).register(on: api)
    CellRoutes(services: services).register(on: api)
    VariableRoutes(services: services).register(on: api)
    ForecastRoutes(services: services).register(on: api)
    ModelRoutes(services: services).register(on: api)
    BiodiversityRoutes(services: services).register(on: api)
    TrainingJobRoutes(services: services, runner: trainingJobs).register(on: api)
    AuthRoutes(services: services).register(on: api)
    KeyRoutes(services: services).register(on: api)
    AuthUserRoutes(services: services).register(on: api)
    AuditRoutes(services: services).register(on: api)
    let webhooks = WebhookDispatcher(services: services, logger: logger)
    WebhookRoutes(services: services, dispatcher: webhooks).register(on: api)
    AlertRoutes(services: services).register(on: api)
    AlertRuleRoutes(services: services).register(on: api)
    HotspotRoutes(services: services).register(on: api)
    EventRoutes(services: services).register(on: api)
    AlertWebSocket(services: services).register(on: router, table: routes)

    var background: [any Service] = [
        ForecastRefreshService(forecasts: ForecastService(services: services), interval: .seconds(60), logger: logger),
        EventRetentionService(log: services.store, retention: configuration.eventRetention, interval: .seconds(3600), logger: logger),
        webhooks,
        trainingJobs,
    ]

    if configuration.detection {
        background.append(DetectionService(services: services, book: services.alerts, logger: logger))
        background.append(HotspotWatchService(services: services, logger: logger))
    }

    return Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: router),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ecotrack"),
        services: background,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Opens the store named by the configuration: a SQLite file path (the default) for now.
public func openStore(_ configuration: ServeConfiguration) throws -> any EcoStore {
    if configuration.database.hasPrefix("postgres://") || configuration.database.hasPrefix("postgresql://") {
        throw ConfigurationError("PostgreSQL is not supported by this build yet; use a SQLite file path for --database.")
    }
    let durability = SQLiteStore.Durability(rawValue: configuration.durability) ?? .full
    return try SQLiteStore(path: configuration.database, durability: durability, queryTimeout: .seconds(configuration.queryTimeoutSeconds))
}
