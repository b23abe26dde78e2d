import EcoCore
import EcoPipeline
import Hummingbird

/// Equity: environmental justice scores per H3 cell (docs/domains.md "Environmental justice").
///
/// | Method | Path | Role | What |
/// |---|---|---|---|
/// | GET | /api/v1/equity/indicators | read:public | the environmental burdens and the imported socio-economic indicators |
/// | POST | /api/v1/equity/indicators | write:data | import socio-economic indicators per cell (CSV or JSON; all rows or none) |
/// | GET | /api/v1/equity/justice-scores | read:public | every cell ranked by score; JSON or GeoJSON; filters |
/// | GET | /api/v1/equity/justice-scores/{h3} | read:public | one cell's breakdown: every input, percentile, weight, source, date; what is missing |
/// | POST | /api/v1/equity/exposure | read:public | population-weighted mean of an indicator over a GeoJSON polygon's cells |
///
/// The work is in EcoPipeline's ``EquityService`` and ``PolygonExposureService``.
struct EquityRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/equity/indicators", .readPublic, use: indicators)
        group.post("/equity/indicators", .writeData, use: importIndicators)
        group.get("/equity/justice-scores", .readPublic, use: scores)
        group.get("/equity/justice-scores/:h3", .readPublic, use: breakdown)
        group.post("/equity/exposure", .readPublic, use: exposure)
    }

    @Sendable func exposure(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decode(as: PolygonExposureService.Request.self, context: context)
        return try JSONResponse.make(try await services.platform.exposure.exposure(body, readableOrganizations: QueryParameters(request, context: context).readableOrganizations))
    }

    @Sendable func indicators(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await services.platform.equity.indicatorList())
    }

    @Sendable func importIndicators(request: Request, context: AppRequestContext) async throws -> Response {
        // Past the route's limit (`BodyLimits`), `collect` stops and the registrar answers 413.
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let summary = try await services.platform.equity.importIndicators(Array(body.readableBytesView), contentType: request.headers[.contentType] ?? "application/json")
        return try JSONResponse.make(summary)
    }

    @Sendable func scores(request: Request, context: AppRequestContext) async throws -> Response {
        let format = try OutputFormat.of(request, allowed: [.json, .geojson])
        let list = try await services.platform.equity.scores(QueryParameters(request, context: context))
        guard format == .geojson else { return try JSONResponse.make(list) }
        let features = try list.data.map { entry -> JSONValue in
            guard case .object(let properties) = try JSONValue(encodable: entry), let cell = Spatial.cell(hex: entry.h3Index) else { return .null }
            return GeoJSON.hexagonFeature(cell: cell, properties: properties)
        }
        return try JSONResponse.make(GeoJSON.featureCollection(features), contentType: format.contentType)
    }

    @Sendable func breakdown(request: Request, context: AppRequestContext) async throws -> Response {
        let hex = try context.parameters.require("h3")
        return try JSONResponse.make(try await services.platform.equity.breakdown(hex, QueryParameters(request, context: context)))
    }
}
