import EcoCore
import EcoPipeline
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
    // Outermost, so the request's log line and everything after carry its trace id; absent when tracing is off.
    if let tracer = services.platform.tracer { router.add(middleware: RequestTracingMiddleware(tracer: tracer)) }
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: services.metrics))
    // Outside ProblemMiddleware so error responses get the security and CORS headers too.
    router.add(middleware: SecurityHeadersMiddleware(hsts: configuration.hsts, imageOrigin: configuration.mapTiles?.origin))
    if !configuration.corsOrigins.isEmpty { router.add(middleware: CORSAllowListMiddleware(origins: configuration.corsOrigins)) }
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: AuthMiddleware(access: services.access))

    let openAPI = try OpenAPIDocument.load().encoded()
    let limits = BodyLimits(configuration: configuration)
    let root = RouteRegistrar(methods: router, prefix: "", table: routes, access: services.access, limits: limits)
    OperationsRoutes(services: services, openAPI: openAPI).register(on: root)
    DashboardRoutes(assets: try DashboardAssets.bundled.get()).register(on: root)
    let api = RouteRegistrar(methods: router.group("/api/v1"), prefix: "/api/v1", table: routes, access: services.access, limits: limits)
    IngestRoutes(services: services).register(on: api)
    ObservationQueryRoutes(services: services).register(on: api)
    TimeseriesRoutes(services: services).register(on: api)
    CellRoutes(services: services).register(on: api)
    VariableRoutes(services: services).register(on: api)
    BasemapRoutes(configuration: configuration).register(on: api)
    ForecastRoutes(services: services).register(on: api)
    ModelRoutes(services: services).register(on: api)
    BiodiversityRoutes(services: services).register(on: api)
    EntryRoutes(services: services).register(on: api)
    DatasetRoutes(services: services).register(on: api)
    ImageModelRoutes(services: services).register(on: api)
    TrainingJobRoutes(services: services, runner: services.platform.trainingJobs).register(on: api)
    AuthRoutes(services: services).register(on: api)
    KeyRoutes(services: services).register(on: api)
    AuthUserRoutes(services: services).register(on: api)
    OrganizationRoutes(services: services).register(on: api)
    AuditRoutes(services: services).register(on: api)
    WebhookRoutes(services: services, dispatcher: services.platform.webhooks).register(on: api)
    AlertRoutes(services: services).register(on: api)
    AlertRuleRoutes(services: services).register(on: api)
    HotspotRoutes(services: services).register(on: api)
    HealthRoutes(services: services).register(on: api)
    FoodRoutes(services: services).register(on: api)
    EquityRoutes(services: services).register(on: api)
    ClimateScenarioRoutes(services: services).register(on: api)
    CatalogRoutes(services: services).register(on: api)
    EventRoutes(services: services).register(on: api)
    CarbonActivityRoutes(services: services).register(on: api)
    CarbonInsightRoutes(services: services).register(on: api)
    CarbonActionRoutes(services: services).register(on: api)
    CarbonFactorSetRoutes(services: services).register(on: api)
    AlertWebSocket(services: services).register(on: router, table: routes)

    return Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: router),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ecotrack"),
        services: services.platform.backgroundServices(),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}
