import EcoCore
import EcoPipeline
import Hummingbird

/// Food: drought indices, crop monitoring and yield forecasts (docs/domains.md).
///
/// | Method | Path | Role | What |
/// |---|---|---|---|
/// | POST | /api/v1/food/drought-index/calculate | read:public | SPI or SPEI of a posted monthly series |
/// | GET | /api/v1/food/drought-index | read:public | SPI or SPEI of a cell from its stored precipitation (and temperature) |
/// | GET | /api/v1/food/crop-monitoring | read:public | growing degree days, precipitation anomaly and SPI of a crop's season per cell |
/// | POST | /api/v1/food/yield-forecast | read:public | yield forecast of one cell from a posted yield history (CSV) and the cell's season weather |
///
/// The work is in EcoPipeline's ``DroughtIndexCalculator``, ``DroughtIndexService``, ``CropMonitoringService`` and
/// ``YieldForecastService``.
struct FoodRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/food/drought-index/calculate", .readPublic, use: calculate)
        group.get("/food/drought-index", .readPublic, use: stored)
        group.get("/food/crop-monitoring", .readPublic, use: cropMonitoring)
        group.post("/food/yield-forecast", .readPublic, use: yieldForecast)
    }

    @Sendable func calculate(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decode(as: DroughtIndexCalculator.Request.self, context: context)
        return try JSONResponse.make(try DroughtIndexCalculator.calculate(body))
    }

    @Sendable func stored(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await services.platform.droughtIndices.index(QueryParameters(request, context: context)))
    }

    @Sendable func cropMonitoring(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await services.platform.cropMonitoring.report(QueryParameters(request, context: context)))
    }

    @Sendable func yieldForecast(request: Request, context: AppRequestContext) async throws -> Response {
        // Past the route's limit (`BodyLimits`), `collect` stops and the registrar answers 413.
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let history = String(decoding: body.readableBytesView, as: UTF8.self)
        return try JSONResponse.make(try await services.platform.yieldForecast.forecast(history: history, QueryParameters(request, context: context)))
    }
}
