import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// Webhooks: alert events POSTed to a URL, signed with the webhook's secret (docs/webhooks.md).
///
/// | Method | Path | Permission | What |
/// |---|---|---|---|
/// | POST | /api/v1/webhooks | admin:all | register a URL (inside the server's allow list) and secret; delivery starts at the next event |
/// | GET | /api/v1/webhooks | admin:all | every webhook, without secrets |
/// | GET | /api/v1/webhooks/{id} | admin:all | one webhook with its position in the event log |
/// | DELETE | /api/v1/webhooks/{id} | admin:all | stop delivering and forget the delivery log |
/// | GET | /api/v1/webhooks/{id}/deliveries | admin:all | the delivery log, newest attempt first |
struct WebhookRoutes {
    let services: AppServices
    let dispatcher: WebhookDispatcher

    /// At most this many webhooks per server: each one is a consumer with its own task.
    static let maxWebhooks = 100

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/webhooks", .adminAll, use: create)
        group.get("/webhooks", .adminAll, use: list)
        group.get("/webhooks/:id", .adminAll, use: show)
        group.delete("/webhooks/:id", .adminAll, use: remove)
        group.get("/webhooks/:id/deliveries", .adminAll, use: deliveries)
    }

    struct CreateRequest: Decodable, Sendable {
        var url: String?
        var secret: String?
        var topics: [String]?
        var domains: [String]?
        var severities: [String]?
    }

    /// A webhook as the API shows it: never the secret.
    struct WebhookDTO: Encodable, Sendable {
        var id: String
        var url: String
        var topics: [String]
        var domains: [String]?
        var severities: [String]?
        var enabled: Bool
        var createdAt: String
        var createdBy: String
        /// Offset of the last event delivered, given up on or filtered out.
        var consumerOffset: Int64?

        init(_ record: WebhookRecord, consumerOffset: Int64?) {
            id = record.id
            url = record.url
            topics = record.topics
            domains = record.domains
            severities = record.severities
            enabled = record.enabled
            createdAt = Timestamp.format(ms: record.createdAtMs)
            createdBy = record.createdBy
            self.consumerOffset = consumerOffset
        }
    }

    struct DeliveryDTO: Encodable, Sendable {
        var webhookId: String
        var eventOffset: Int64
        var attempt: Int
        var status: String
        var httpStatus: Int?
        var error: String?
        var durationMs: Int64
        var at: String

        init(_ delivery: WebhookDelivery) {
            webhookId = delivery.webhookID
            eventOffset = delivery.eventOffset
            attempt = delivery.attempt
            status = delivery.status.rawValue
            httpStatus = delivery.httpStatus
            error = delivery.error
            durationMs = delivery.durationMs
            at = Timestamp.format(ms: delivery.atMs)
        }
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decode(as: CreateRequest.self, context: context)
        let nowMs = services.clock.nowMs()
        let domains = AlertDomains.known(in: services.catalogue)
        var record = try Self.validated(input, allowList: WebhookAllowList(services.configuration.webhookAllowList), domains: domains, nowMs: nowMs)
        record.createdBy = context.identity?.user?.id ?? ""
        record.organization = context.identity?.user?.organization ?? ""
        guard try await services.store.webhooks().count < Self.maxWebhooks else {
            throw Problem(.conflict, detail: "This server already has \(Self.maxWebhooks) webhooks; delete one (DELETE /api/v1/webhooks/{id}) first.")
        }
        // Delivery starts after the newest event at registration: the offset is committed before the
        // webhook exists, so the dispatcher never sees it without one.
        let start = try await services.store.latestEventOffset()
        try await services.store.commitConsumerOffset(record.consumerName, offset: start)
        try await services.store.saveWebhook(record)
        dispatcher.webhookSaved(record)
        return try JSONResponse.make(WebhookDTO(record, consumerOffset: start), status: .created)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let offsets = try await services.store.consumerOffsets()
        let data = try await services.store.webhooks().map { WebhookDTO($0, consumerOffset: offsets[$0.consumerName]) }
        return try JSONResponse.make(Page(data: data, pagination: Pagination(limit: Self.maxWebhooks, nextCursor: nil, hasMore: false)))
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await existing(context)
        return try JSONResponse.make(WebhookDTO(record, consumerOffset: try await services.store.consumerOffset(record.consumerName)))
    }

    @Sendable func remove(request: Request, context: AppRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard try await services.store.deleteWebhook(id: id) else { throw Self.notFound(id) }
        dispatcher.webhookDeleted(id: id)
        return Response(status: .noContent)
    }

    @Sendable func deliveries(request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await existing(context)
        let limit = try QueryParameters(request, context: context).int("limit", default: 100, range: 1...1000)
        let data = try await services.store.deliveries(webhookID: record.id, limit: limit).map(DeliveryDTO.init)
        return try JSONResponse.make(Page(data: data, pagination: Pagination(limit: limit, nextCursor: nil, hasMore: data.count == limit)))
    }

    private func existing(_ context: AppRequestContext) async throws -> WebhookRecord {
        let id = context.parameters.get("id") ?? ""
        guard let record = try await services.store.webhook(id: id) else { throw Self.notFound(id) }
        return record
    }

    private static func notFound(_ id: String) -> Problem {
        .notFound("No webhook has id '\(id)'; GET /api/v1/webhooks lists them.")
    }

    /// The record to store for a registration, or a 400 that says what to fix.
    /// - Parameter domains: the domains an alert can carry (``AlertDomains/known(in:)``).
    static func validated(_ input: CreateRequest, allowList: WebhookAllowList, domains known: Set<String>, nowMs: Int64) throws -> WebhookRecord {
        guard let url = input.url?.trimmingCharacters(in: .whitespaces), !url.isEmpty else {
            throw Problem.badRequest("'url' is required: the http(s) address events are POSTed to, e.g. https://hooks.example.org/ecotrack.")
        }
        guard url.utf8.count <= 2048 else { throw Problem.badRequest("'url' must be at most 2048 bytes long.") }
        if let reason = allowList.rejection(of: url) {
            throw Problem(.badRequest, title: "Webhook URL not allowed", detail: reason, extensions: ["allowList": .array(allowList.prefixes.map(JSONValue.string))])
        }
        guard let secret = input.secret, secret.count >= 16, secret.utf8.count <= 512 else {
            throw Problem.badRequest("'secret' is required and must be 16 to 512 characters, e.g. the output of `openssl rand -hex 32`; it signs every delivery and is not shown again.")
        }
        var topics: [String] = []
        for topic in input.topics ?? WebhookRecord.defaultTopics where !topics.contains(topic) { topics.append(topic) }
        guard !topics.isEmpty, topics.allSatisfy(WebhookRecord.defaultTopics.contains) else {
            throw Problem.badRequest("'topics' must be a non-empty list of \(WebhookRecord.defaultTopics.joined(separator: ", ")); leave it out for both.")
        }
        if let domains = input.domains {
            let names = known.sorted().joined(separator: ", ")
            guard !domains.isEmpty, domains.count <= 32 else {
                throw Problem.badRequest("'domains' must list 1 to 32 of \(names); leave it out for every domain.")
            }
            // A domain no alert carries would never match: refuse it rather than deliver nothing.
            try AlertFilterValues.checkDomains(domains, known: known)
        }
        if let severities = input.severities {
            guard !severities.isEmpty else {
                throw Problem.badRequest("'severities' must list some of info, warning, critical; leave it out for every severity.")
            }
            try AlertFilterValues.checkSeverities(severities, field: "severities")
        }
        return WebhookRecord(id: UUID().uuidString.lowercased(), url: url, secret: secret, topics: topics,
                             domains: input.domains, severities: input.severities, createdAtMs: nowMs, createdBy: "")
    }
}
