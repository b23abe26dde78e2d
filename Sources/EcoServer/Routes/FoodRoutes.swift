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
/// | POST | /api/v1/food/yield-forecast | read:public | yield forecast of one cell from a posted or stored yield history and the cell's season weather |
/// | POST | /api/v1/food/yields | write:data | store reported yields per region, crop and year (CSV or JSON; all rows or none) |
/// | GET | /api/v1/food/yields | read:public | the stored yields, by `crop` and `region` |
///
/// The work is in EcoPipeline's ``DroughtIndexCalculator``, ``DroughtIndexService``, ``CropMonitoringService`` and
/// ``YieldForecastService``, ``YieldHistoryService``.
struct FoodRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/food/drought-index/calculate", .readPublic, use: calculate)
        group.get("/food/drought-index", .readPublic, use: stored)
        group.get("/food/crop-monitoring", .readPublic, use: cropMonitoring)
        group.post("/food/yield-forecast", .readPublic, use: yieldForecast)
        group.post("/food/yields", .writeData, use: importYields)
        group.get("/food/yields", .readPublic, use: listYields)
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

    @Sendable func importYields(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let summary = try await services.platform.yieldHistory.importYields(Array(body.readableBytesView), contentType: request.headers[.contentType] ?? "application/json")
        return try JSONResponse.make(summary, status: .created)
    }

    @Sendable func listYields(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await services.platform.yieldHistory.list(QueryParameters(request, context: context)))
    }
}
