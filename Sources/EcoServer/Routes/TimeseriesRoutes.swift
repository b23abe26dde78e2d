import EcoCore
import EcoPipeline
import Hummingbird

/// Time series of one variable in one H3 cell (any resolution): all series inside the cell merged.
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/observations/{h3}/timeseries | raw points or buckets (1h, 1d, 1w, 1M) with statistics, per-bucket summary and coverage |
///
/// The work is ``TimeseriesQuery``'s; this only parses and encodes.
struct TimeseriesRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/observations/:h3/timeseries", .readPublic, use: timeseries)
    }

    @Sendable func timeseries(request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request, context: context)
        let cell = context.parameters.get("h3") ?? ""
        return try await services.readCache.respond(to: request, scope: parameters.readableOrganizations, version: services.store.dataVersion()) {
            try JSONResponse.answer(try await services.timeseries.timeseries(cell: cell, parameters: parameters))
        }
    }
}
