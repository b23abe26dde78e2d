import EcoCore
import EcoPipeline
import Hummingbird

/// Food: drought indices (docs/domains.md).
///
/// | Method | Path | Role | What |
/// |---|---|---|---|
/// | POST | /api/v1/food/drought-index/calculate | read:public | SPI or SPEI of a posted monthly series |
/// | GET | /api/v1/food/drought-index | read:public | SPI or SPEI of a cell from its stored precipitation (and temperature) |
/// | GET | /api/v1/food/crop-monitoring | read:public | growing degree days, precipitation anomaly and SPI of a crop's season per cell |
///
/// The work is in EcoPipeline's ``DroughtIndexCalculator``, ``DroughtIndexService`` and ``CropMonitoringService``.
struct FoodRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/food/drought-index/calculate", .readPublic, use: calculate)
        group.get("/food/drought-index", .readPublic, use: stored)
        group.get("/food/crop-monitoring", .readPublic, use: cropMonitoring)
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
}
