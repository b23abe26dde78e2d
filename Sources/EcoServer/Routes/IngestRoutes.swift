import EcoCore
import EcoPipeline
import Foundation
import Hummingbird

/// Observation ingest.
///
/// | Method | Path | What |
/// |---|---|---|
/// | POST | /api/v1/observations | JSON array, NDJSON (`application/x-ndjson`) or CSV (`text/csv`) body, streamed; `?atomic=true` for all-or-nothing |
///
/// 200 when at least one record was stored (the report lists the rejected ones), 422 when none
/// was, 413 past the size limit. A 200 means every accepted record is committed to disk.
struct IngestRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/observations", .writeData, use: ingest)
    }

    @Sendable func ingest(request: Request, context: AppRequestContext) async throws -> Response {
        let contentType = request.headers[.contentType] ?? "application/json"
        guard let format = ObservationFormat(contentType: contentType) else {
            throw Problem(.unsupportedMediaType, detail: "Content-Type '\(contentType)' is not an ingest format; send application/json (an array), application/x-ndjson or text/csv.")
        }
        // A declared Content-Length over the limit was refused before this handler (`BodyLimits`).
        let limit = context.bodyLimit
        let parameters = QueryParameters(request, context: context)
        let atomic = parameters.string("atomic") == "true"
        let organization = try Self.organization(for: parameters.string("visibility"), context: context)
        let pipeline = services.platform.ingest(format: format, atomic: atomic, organization: organization)
        var received = 0
        for try await buffer in request.body {
            received += buffer.readableBytes
            if received > limit.bytes {
                let stored = atomic ? 0 : pipeline.report.inserted + pipeline.report.replaced
                throw limit.problem(note: atomic ? "Nothing was stored (atomic=true)." : "The first \(stored) records were stored before the limit; send the records after them in another request.",
                                    extensions: ["stored": .number(Double(stored))])
            }
            buffer.withUnsafeReadableBytes { pipeline.feed($0) }
            try await pipeline.commitIfFull()
        }
        let report = try await pipeline.finish()
        services.metrics.ingested(format: format.rawValue, accepted: atomic && report.rejected > 0 ? 0 : report.accepted, rejected: report.rejected)
        if report.accepted + report.rejected == 0 {
            throw Problem.badRequest("The body holds no observations; send at least one record with variable, value, observedAt and lat/lng or h3Index.")
        }
        if report.rejected > 0 && (atomic || report.accepted == 0) {
            let detail = atomic
                ? "\(report.rejected) of \(report.accepted + report.rejected) records were rejected, so nothing was stored (atomic=true). Fix the listed records and send the batch again."
                : "All \(report.rejected) records were rejected; nothing was stored. See errors for each record's field and reason."
            let errors = (try? JSONValue(encodable: report)) ?? .null
            throw Problem(.unprocessableContent, title: "Observations rejected", detail: detail, extensions: [
                "accepted": .number(0), "rejected": .number(Double(report.rejected)),
                "errors": errors["errors"] ?? .array([]), "errorsTruncated": .bool(report.errorsTruncated),
            ])
        }
        return try JSONResponse.make(report)
    }

    /// `visibility=public` (default) stores public series; `visibility=organization` restricts
    /// them to the caller's organization (row-level scope: other organizations never read them).
    static func organization(for visibility: String?, context: AppRequestContext) throws -> String {
        switch visibility ?? "public" {
        case "public": return ""
        case "organization":
            guard let organization = context.auth.identity?.user?.organization, !organization.isEmpty else {
                throw Problem.badRequest("visibility=organization needs a user with an organization; ask an admin to set yours, or send visibility=public.")
            }
            return organization
        case let other:
            throw Problem.badRequest("'visibility' must be public or organization; got '\(other)'.")
        }
    }
}
