import EcoCarbon
import EcoCore
import EcoPipeline
import Foundation
import Hummingbird

/// What to do about it: what-if simulations (nothing written), recommendations and the decisions on
/// them (recorded in the audit log), reduction targets and the organization's carbon settings (issue #14).
///
/// | Method | Path | Permission | What |
/// |---|---|---|---|
/// | POST | /api/v1/carbon/simulate | run:analysis | `{levers: [{type, …}], from, to, supplier, facility}` → baseline vs scenario |
/// | GET | /api/v1/carbon/recommendations | read:public | open ones by rank, then decided ones (`status`) |
/// | POST | /api/v1/carbon/recommendations/refresh | run:analysis | propose again from the hotspots of the last `days` (7) |
/// | POST | /api/v1/carbon/recommendations/{id}/approve | admin:all | open → approved (`{"note"}` optional) |
/// | POST | /api/v1/carbon/recommendations/{id}/dismiss | admin:all | open or approved → dismissed |
/// | POST | /api/v1/carbon/recommendations/{id}/done | run:analysis | approved → done |
/// | GET | /api/v1/carbon/recommendations/{id}/explanation | run:analysis | plain-language explanation from the configured chat endpoint (404 when none) |
/// | GET | /api/v1/carbon/targets | read:public | targets with progress in `year` |
/// | POST | /api/v1/carbon/targets | admin:all | set a target `{baseYear, targetYear, reductionPercent or annualPercent, baseYearKg?}` |
/// | GET | /api/v1/carbon/settings | read:public | factor set, GWP basis and cost parameters in use |
/// | PUT | /api/v1/carbon/settings | admin:all | change them `{factorSetId, gwpBasis, costs}` |
struct CarbonActionRoutes {
    let services: AppServices

    var carbon: CarbonServices { services.platform.carbon }

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/carbon/simulate", .runAnalysis, use: simulate)
        group.get("/carbon/recommendations", .readPublic, use: recommendations)
        group.post("/carbon/recommendations/refresh", .runAnalysis, use: refresh)
        group.post("/carbon/recommendations/:id/approve", .adminAll) { request, context in try await decide(.approved, request, context) }
        group.post("/carbon/recommendations/:id/dismiss", .adminAll) { request, context in try await decide(.dismissed, request, context) }
        group.post("/carbon/recommendations/:id/done", .runAnalysis) { request, context in try await decide(.done, request, context) }
        group.get("/carbon/recommendations/:id/explanation", .runAnalysis, use: explanation)
        group.get("/carbon/targets", .readPublic, use: targets)
        group.post("/carbon/targets", .adminAll, use: setTarget)
        group.get("/carbon/settings", .readPublic, use: settings)
        group.put("/carbon/settings", .adminAll, use: changeSettings)
    }

    @Sendable func simulate(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let simulation = try SimulationRequest.parse(try await scope.json(), nowMs: services.clock.nowMs())
        return try JSONResponse.make(try await carbon.simulation.simulate(try scope.organization(), simulation))
    }

    @Sendable func recommendations(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let statuses = try scope.parameters.list("status").map { names in
            try Set(names.map { name in
                guard let status = CarbonRecommendationStatus(rawValue: name) else {
                    throw Problem.badRequest("'status' must list open, approved, dismissed or done; got '\(name)'.")
                }
                return status
            })
        }
        return try JSONResponse.make(Page.complete(try await carbon.recommendations.list(try scope.organization(), statuses: statuses)))
    }

    @Sendable func refresh(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let days = try scope.parameters.int("days", default: 7, range: 1...92)
        return try JSONResponse.make(Page.complete(try await carbon.recommendations.refresh(try scope.organization(), days: days)))
    }

    struct Decision: Decodable, Sendable {
        var note: String?
    }

    @Sendable func decide(_ status: CarbonRecommendationStatus, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let body = try await scope.json()
        let note: String?
        switch body["note"] {
        case nil, .null?: note = nil
        case let .string(text)?: note = text
        default: throw Problem.badRequest("'note' must be text, e.g. {\"note\": \"agreed with the carrier\"}.")
        }
        let document = try await carbon.recommendations.decide(
            id: context.parameters.get("id") ?? "", status: status, note: note, caller: scope.caller, readable: scope.readable)
        return try JSONResponse.make(document)
    }

    /// Asks the configured chat endpoint (analysts and up: each call may cost the operator money).
    @Sendable func explanation(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        do {
            return try JSONResponse.make(try await carbon.explanations.explain(id: context.parameters.get("id") ?? "", readable: scope.readable))
        } catch let error as ExplanationError {
            let status: HTTPResponse.Status = switch error.kind {
            case .notConfigured: .notFound
            case .upstreamFailed: .badGateway
            case .upstreamTimedOut: .gatewayTimeout
            }
            throw Problem(status, detail: error.message)
        }
    }

    @Sendable func targets(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let year = try scope.parameters.string("year").map { _ in try scope.parameters.int("year", default: 0, range: 1990...2100) }
        return try JSONResponse.make(Page.complete(try await carbon.targets.list(try scope.organization(), year: year)))
    }

    @Sendable func setTarget(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let input = try await scope.decode(CarbonTargetRequest.self)
        return try JSONResponse.make(try await carbon.targets.set(try scope.organization(), input, actor: scope.caller.actor), status: .created)
    }

    @Sendable func settings(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        return try JSONResponse.make(SettingsDTO(try await carbon.settings.settings(try scope.organization())))
    }

    @Sendable func changeSettings(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let change = try await scope.decode(CarbonSettingsChange.self)
        return try JSONResponse.make(SettingsDTO(try await carbon.settings.update(try scope.organization(), change, actor: scope.caller.actor)))
    }

    struct SettingsDTO: Encodable, Sendable {
        var organization: String
        var factorSetId: String
        var gwpBasis: String
        var costs: CostParameters
        /// False while the costs are EcoCarbon's illustrative defaults (not market prices).
        var ownCosts: Bool
        var updatedAt: String?
        var updatedBy: String?

        init(_ s: CarbonSettings) {
            (organization, factorSetId, gwpBasis, costs, ownCosts) = (s.organization, s.factorSetId, s.gwpBasis.rawValue, s.costs, s.ownCosts)
            (updatedAt, updatedBy) = (s.updatedAtMs.map { Timestamp.format(ms: $0) }, s.updatedBy)
        }
    }
}
