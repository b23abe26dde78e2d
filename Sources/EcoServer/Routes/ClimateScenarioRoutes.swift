import EcoCore
import EcoPipeline
import Hummingbird

/// Climate scenarios: imported CMIP6-style projections (docs/domains.md "Climate scenarios").
///
/// | Method | Path | Role | What |
/// |---|---|---|---|
/// | GET | /api/v1/climate/scenarios | read:public | scenario, model and variable sets loaded |
/// | POST | /api/v1/climate/scenarios | write:data | import projections (CSV or JSON; all rows or none) |
/// | POST | /api/v1/climate/scenarios/explore | read:public | change between a baseline and a horizon over a region, per scenario with the model spread, and the observations there |
///
/// Exploring reads, so it needs only read:public. The work is in EcoPipeline's ``ScenarioService``.
struct ClimateScenarioRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/climate/scenarios", .readPublic, use: list)
        group.post("/climate/scenarios", .writeData, use: importProjections)
        group.post("/climate/scenarios/explore", .readPublic, use: explore)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await services.platform.scenarios.list())
    }

    @Sendable func importProjections(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let summary = try await services.platform.scenarios.importProjections(Array(body.readableBytesView), contentType: request.headers[.contentType] ?? "application/json")
        return try JSONResponse.make(summary)
    }

    @Sendable func explore(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decode(as: ScenarioService.ExploreRequest.self, context: context)
        return try JSONResponse.make(try await services.platform.scenarios.explore(body, scope: context.auth.identity.readableOrganizations))
    }
}
