import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// The audit log (admin:all).
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/audit | newest first; `limit` (1–1000, default 100), `cursor` from the previous page |
struct AuditRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/audit", .adminAll, use: list)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request, context: context)
        let limit = try parameters.int("limit", default: 100, range: 1...1000)
        let before = try parameters.string("cursor").map { text -> Int64 in
            guard let id = Int64(text), id > 0 else { throw Problem.badRequest("cursor must be the nextCursor of a previous page.") }
            return id
        }
        await services.access.audit.settle()
        let entries = try await services.store.audit(before: before, limit: limit + 1)
        let page = entries.prefix(limit)
        let next = entries.count > limit ? page.last.map { String($0.id) } : nil
        return try JSONResponse.make(Page(data: page.map(AuditDTO.init), pagination: Pagination(limit: limit, nextCursor: next, hasMore: next != nil)))
    }
}

/// One audit record as the API shows it.
struct AuditDTO: Encodable, Sendable {
    var id: Int64
    var at: String
    var actor: String
    var actorEmail: String?
    var action: String
    var target: String?
    var clientIp: String?
    var outcome: String
    var detail: String?

    init(_ entry: AuditEntry) {
        id = entry.id
        at = Timestamp.format(ms: entry.atMs)
        actor = entry.actor
        actorEmail = entry.actorEmail
        action = entry.action
        target = entry.target
        clientIp = entry.clientIP
        outcome = entry.outcome
        detail = entry.detail
    }
}
