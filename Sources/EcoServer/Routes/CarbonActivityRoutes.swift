import EcoCarbon
import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// Carbon activities: sent as JSON or NDJSON, imported from CSV as a background job, listed with the
/// provenance of their CO2e (issue #14; fields in docs/carbon.md).
///
/// | Method | Path | Permission | What |
/// |---|---|---|---|
/// | POST | /api/v1/carbon/activities | run:analysis | JSON array or NDJSON body → stored, accounted; bad records listed |
/// | GET | /api/v1/carbon/activities | read:public | activities with provenance (`from`, `to`, `supplier`, `facility`, `h3`, `gwp`, `limit`, `cursor`) |
/// | POST | /api/v1/carbon/import | run:analysis | CSV body → 202 with an import job |
/// | GET | /api/v1/carbon/import/{id} | read:public | the job: status, progress, counts |
/// | GET | /api/v1/carbon/import/{id}/errors | read:public | its rejected rows (`format=json|csv`, `after`, `limit`) |
struct CarbonActivityRoutes {
    let services: AppServices

    var carbon: CarbonServices { services.platform.carbon }

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/carbon/activities", .runAnalysis, use: ingest)
        group.get("/carbon/activities", .readPublic, use: list)
        group.post("/carbon/import", .runAnalysis, use: submitImport)
        group.get("/carbon/import/:id", .readPublic, use: showImport)
        group.get("/carbon/import/:id/errors", .readPublic, use: importErrors)
    }

    @Sendable func ingest(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let contentType = request.headers[.contentType] ?? "application/json"
        guard let format = ObservationFormat(contentType: contentType), format != .csv else {
            throw Problem(.unsupportedMediaType, detail: "Content-Type '\(contentType)' is not accepted here; send application/json (an array) or application/x-ndjson, or POST a CSV file to /api/v1/carbon/import.")
        }
        let body = try await scope.body()
        let report = try await carbon.ingest.ingest(body, format: format, caller: scope.caller)
        services.metrics.ingested(format: "carbon-\(format.rawValue)", accepted: report.accepted, rejected: report.rejected)
        if report.accepted + report.rejected == 0 {
            throw Problem.badRequest("The body holds no activities; send at least one record with type, organization and time (docs/carbon.md lists the fields).")
        }
        if report.accepted == 0 {
            throw Problem(.unprocessableContent, title: "Activities rejected",
                          detail: "All \(report.rejected) records were rejected; nothing was stored. See errors for each record's field and reason.",
                          extensions: ["accepted": .number(0), "rejected": .number(Double(report.rejected)),
                                       "errors": (try? JSONValue(encodable: report.errors)) ?? .array([]), "errorsTruncated": .bool(report.errorsTruncated)])
        }
        return try JSONResponse.make(report)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let p = scope.parameters
        let window = try p.window()
        let limit = try p.int("limit", default: 100, range: 1...1000)
        let query = CarbonActivityQuery(
            organization: try scope.organization(), fromMs: window.startMs == .min ? nil : window.startMs, toMs: window.endMs == .max ? nil : window.endMs,
            supplier: p.string("supplier"), facility: p.string("facility"), cellRange: try p.cell("h3").map(Spatial.range15(of:)), limit: limit)
        let (data, next) = try await carbon.activities.page(query, cursor: p.string("cursor"), gwp: try scope.gwp())
        return try JSONResponse.make(Page(data: data, pagination: Pagination(limit: limit, nextCursor: next, hasMore: next != nil)))
    }

    @Sendable func submitImport(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let contentType = request.headers[.contentType] ?? ""
        guard ObservationFormat(contentType: contentType) == .csv else {
            throw Problem(.unsupportedMediaType, detail: "Content-Type '\(contentType)' is not CSV; send the file as text/csv (JSON and NDJSON go to POST /api/v1/carbon/activities).")
        }
        let body = try await scope.body()
        let job = try await carbon.imports.submit(body, fileName: scope.parameters.string("fileName"), caller: scope.caller)
        var response = try JSONResponse.make(CarbonImportDTO(job), status: .accepted)
        response.headers[.location] = "/api/v1/carbon/import/\(job.id.uuidString.lowercased())"
        return response
    }

    @Sendable func showImport(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(CarbonImportDTO(try await readableJob(request, context)))
    }

    @Sendable func importErrors(request: Request, context: AppRequestContext) async throws -> Response {
        let job = try await readableJob(request, context)
        let scope = CarbonScope(services, request, context)
        let format = try OutputFormat.of(request, allowed: [.json, .csv])
        let after = try scope.parameters.int("after", default: -1, range: -1...Int(Int32.max))
        let limit = try scope.parameters.int("limit", default: format == .csv ? 1_000_000 : 1000, range: 1...1_000_000)
        let errors = try await services.store.carbonImportErrors(id: job.id, afterIndex: after, limit: limit + 1)
        let page = Array(errors.prefix(limit))
        if format == .csv {
            var response = JSONResponse.text(CarbonImports.csv(page), contentType: format.contentType)
            response.headers[.contentDisposition] = "attachment; filename=\"import-\(job.id.uuidString.lowercased())-errors.csv\""
            return response
        }
        let data = page.map { CarbonImportDTO.RowError(index: $0.index, line: $0.line, field: $0.field, reason: $0.reason) }
        let next = errors.count > limit ? page.last.map { String($0.index) } : nil
        return try JSONResponse.make(Page(data: data, pagination: Pagination(limit: limit, nextCursor: next, hasMore: next != nil)))
    }

    private func readableJob(_ request: Request, _ context: AppRequestContext) async throws -> CarbonImportJob {
        let text = context.parameters.get("id") ?? ""
        let scope = CarbonScope(services, request, context)
        guard let id = UUID(uuidString: text), let job = try? await carbon.imports.job(id),
              scope.readable == nil || job.organization.map({ scope.readable?.contains($0) ?? true }) == true
        else { throw Problem.notFound("No import has the id '\(text)'; POST /api/v1/carbon/import returns it.") }
        return job
    }
}

/// An import job as the API shows it.
struct CarbonImportDTO: Encodable, Sendable {
    struct RowError: Encodable, Sendable {
        var index: Int
        var line: Int?
        var field: String?
        var reason: String
    }

    var id: String
    var status: String
    var fileName: String?
    var organization: String?
    var progress: Double
    var totalRows: Int
    var processedRows: Int
    var accepted: Int
    var rejected: Int
    var inserted: Int
    var replaced: Int
    var error: String?
    var createdAt: String
    var startedAt: String?
    var finishedAt: String?
    var submittedBy: String
    var errorsUrl: String

    init(_ job: CarbonImportJob) {
        id = job.id.uuidString.lowercased()
        (status, fileName, organization, progress) = (job.status.rawValue, job.fileName, job.organization, job.progress)
        (totalRows, processedRows, accepted, rejected, inserted, replaced) = (job.counts.totalRows, job.counts.processedRows, job.counts.accepted, job.counts.rejected, job.counts.inserted, job.counts.replaced)
        (error, submittedBy) = (job.error, job.submittedBy)
        createdAt = Timestamp.format(ms: job.createdAtMs)
        startedAt = job.startedAtMs.map { Timestamp.format(ms: $0) }
        finishedAt = job.finishedAtMs.map { Timestamp.format(ms: $0) }
        errorsUrl = "/api/v1/carbon/import/\(id)/errors?format=csv"
    }
}
