import EcoCarbon
import EcoCore
import EcoPipeline
import Foundation
import Hummingbird

/// Emission factor sets: the built-in one, uploaded drafts (CSV or JSON, validated: holes, duplicate
/// keys, bad units are listed), and published versions, which never change (issue #14).
///
/// | Method | Path | Permission | What |
/// |---|---|---|---|
/// | GET | /api/v1/carbon/factor-sets | read:public | every set, built-in first |
/// | POST | /api/v1/carbon/factor-sets | run:analysis | upload a draft: `?name=&version=`, body `text/csv` or a JSON array |
/// | GET | /api/v1/carbon/factor-sets/{id} | read:public | one set with its factors and validation warnings |
/// | POST | /api/v1/carbon/factor-sets/{id}/publish | admin:all | validate and publish a draft (immutable from then on) |
struct CarbonFactorSetRoutes {
    let services: AppServices

    var factorSets: CarbonFactorSets { services.platform.carbon.factorSets }

    /// Largest factor set upload.
    static let maxBodyBytes = 16 * 1024 * 1024

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/carbon/factor-sets", .readPublic, use: list)
        group.post("/carbon/factor-sets", .runAnalysis, use: upload)
        group.get("/carbon/factor-sets/:id", .readPublic, use: show)
        group.post("/carbon/factor-sets/:id/publish", .adminAll, use: publish)
    }

    struct SetDTO: Encodable, Sendable {
        var id: String
        var name: String
        var version: String
        var status: String
        var factorCount: Int
        var createdAt: String
        var createdBy: String
        var publishedAt: String?
        var publishedBy: String?
        var warnings: [String]?
        var factors: [EmissionFactor]?

        init(_ r: CarbonFactorSetRecord, warnings: [FactorSetIssue]? = nil, factors: [EmissionFactor]? = nil) {
            (id, name, version, status, factorCount) = (r.id, r.name, r.version, r.status.rawValue, r.factorCount)
            (createdAt, createdBy) = (Timestamp.format(ms: r.createdAtMs), r.createdBy)
            (publishedAt, publishedBy) = (r.publishedAtMs.map { Timestamp.format(ms: $0) }, r.publishedBy)
            self.warnings = warnings?.filter { $0.severity == .warning }.map(\.message)
            self.factors = factors
        }
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(Page.complete(try await factorSets.list().map { SetDTO($0) }))
    }

    @Sendable func upload(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let contentType = request.headers[.contentType] ?? ""
        guard let format = ObservationFormat(contentType: contentType), format != .ndjson else {
            throw Problem(.unsupportedMediaType, detail: "Content-Type '\(contentType)' is not a factor set format; send text/csv (columns as in docs/carbon.md) or application/json (an array of factor objects).")
        }
        let name = try scope.parameters.required("name", example: "acme-freight")
        let version = try scope.parameters.required("version", example: "2025.1")
        let body = try await scope.body()
        let (record, issues) = try await factorSets.uploadDraft(body, format: format, name: name, version: version, actor: scope.caller.actor)
        var response = try JSONResponse.make(SetDTO(record, warnings: issues), status: .created)
        response.headers[.location] = "/api/v1/carbon/factor-sets/\(record.id)"
        return response
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let (record, set, issues) = try await factorSets.detail(id: context.parameters.get("id") ?? "")
        return try JSONResponse.make(SetDTO(record, warnings: issues, factors: set.factors))
    }

    @Sendable func publish(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        return try JSONResponse.make(SetDTO(try await factorSets.publish(id: context.parameters.get("id") ?? "", actor: scope.caller.actor)))
    }
}
