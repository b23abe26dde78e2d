import EcoAnalytics
import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// Alerts, their history and acknowledgement, detected anomalies, and the live alert stream (SSE).
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/alerts | alerts, newest change first; filters domain, severity, status, h3 (region), start/end; keyset paging |
/// | GET | /api/v1/alerts/{id} | one alert with its full state history |
/// | POST | /api/v1/alerts/{id}/ack | acknowledge an open alert (recorded in its history and the audit log) |
/// | GET | /api/v1/alerts/stream | Server-Sent Events of alert changes matching domains/severity/h3; resumes after `Last-Event-ID` or `after` |
/// | GET | /api/v1/anomalies | points the detector flagged, newest first |
struct AlertRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/alerts", .readPublic, use: list)
        group.stream("/alerts/stream", .readPublic, use: stream)
        group.get("/alerts/:id", .readPublic, use: show)
        group.post("/alerts/:id/ack", .runAnalysis, use: acknowledge)
        group.get("/anomalies", .readPublic, use: anomalies)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request, context: context)
        var filter = AlertFilter(organizations: parameters.readableOrganizations)
        filter.limit = try parameters.int("limit", default: 100, range: 1...1000)
        filter.domains = parameters.list("domain")
        if let domains = filter.domains { try AlertFilterValues.checkDomains(domains, known: AlertDomains.known(in: services.catalogue), field: "domain") }
        filter.severities = try parameters.list("severity").map { try Self.checked($0, allowed: Severity.allCases.map(\.rawValue), name: "severity") }
        filter.statuses = try parameters.list("status").map { names in
            Set(try Self.checked(names, allowed: AlertRecord.Status.allCases.map(\.rawValue), name: "status").compactMap(AlertRecord.Status.init))
        }
        if let cell = try parameters.cell("h3") { filter.cellRanges = [Spatial.range15(of: cell)] }
        let window = try parameters.window()
        filter.fromMs = window.startMs == .min ? nil : window.startMs
        filter.toMs = window.endMs == .max ? nil : window.endMs
        if let cursor = parameters.string("cursor") { filter.after = try Self.decodeCursor(cursor) }
        let alerts = try await services.store.alerts(filter)
        let next = alerts.count == filter.limit ? alerts.last.map { Self.encodeCursor($0) } : nil
        return try JSONResponse.make(Page(data: alerts, pagination: Pagination(limit: filter.limit, nextCursor: next, hasMore: next != nil)))
    }

    struct AlertDetail: Encodable, Sendable {
        var alert: AlertRecord
        var history: [HistoryEntry]
    }

    struct HistoryEntry: Encodable, Sendable {
        var status: String
        var severity: String
        var at: String
        var actor: String
        var note: String?
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let alert = try await readableAlert(request, context: context)
        let history = try await services.store.alertHistory(id: alert.id).map {
            HistoryEntry(status: $0.status.rawValue, severity: $0.severity, at: Timestamp.format(ms: $0.atMs), actor: $0.actor, note: $0.note)
        }
        return try JSONResponse.make(AlertDetail(alert: alert, history: history))
    }

    struct AcknowledgeRequest: Decodable, Sendable {
        var note: String?
        /// The alert version the caller saw: when the alert changed since, nothing happens and 409 says so.
        var version: Int?
    }

    @Sendable func acknowledge(request: Request, context: AppRequestContext) async throws -> Response {
        let alert = try await readableAlert(request, context: context)
        var input = AcknowledgeRequest()
        if request.headers[.contentLength].map({ $0 != "0" }) ?? false || request.headers[.transferEncoding] != nil {
            input = try await request.decode(as: AcknowledgeRequest.self, context: context)
        }
        let note = input.note
        if let text = note, text.count > 1000 { throw Problem.badRequest("'note' is limited to 1000 characters.") }
        let actor = context.identity?.actor ?? "anonymous"
        let updated = try await services.alerts.acknowledge(id: alert.id, actor: actor, note: note, expectedVersion: input.version)
        return try JSONResponse.make(updated)
    }

    @Sendable func anomalies(request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request, context: context)
        let window = try parameters.window()
        let cell = try parameters.cell("h3")
        let limit = try parameters.int("limit", default: 100, range: 1...1000)
        // One more than asked tells whether the window holds more (narrow it with `end` to read on).
        let records = try await services.store.anomalies(
            variable: parameters.string("variable"), cellRanges: cell.map { [Spatial.range15(of: $0)] },
            fromMs: window.startMs == .min ? nil : window.startMs, toMs: window.endMs == .max ? nil : window.endMs,
            organizations: parameters.readableOrganizations, limit: limit + 1)
        return try JSONResponse.make(Page.whole(records, limit: limit))
    }

    /// SSE of alert events: `id` is the event offset, `event` the topic, `data` the alert.
    @Sendable func stream(request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request, context: context)
        let subscription = AlertSubscription(domains: parameters.list("domains").map(Array.init) ?? parameters.list("domain").map(Array.init),
                                             severity: parameters.list("severity").map(Array.init),
                                             h3: parameters.list("h3").map(Array.init))
        let filter = try subscription.filter(organizations: parameters.readableOrganizations, domains: AlertDomains.known(in: services.catalogue))
        let heartbeat = Duration.seconds(try parameters.int("heartbeat", default: 15, range: 1...300))
        let start = try await ServerSentEvents.startOffset(request, log: services.store)
        let feed = services.platform.events
        return Response(status: .ok, headers: ServerSentEvents.headers, body: ResponseBody { writer in
            var follower = EventFollower(feed: feed, topics: AlertStreamTopics.all, after: start, heartbeat: heartbeat)
            try await writer.write(ServerSentEvents.comment("following alerts after offset \(start)"))
            // Server shutdown cancels the wait: the stream ends cleanly and the client resumes elsewhere
            // with Last-Event-ID.
            do {
                while !Task.isCancelled {
                    let events = try await follower.next()
                    if events.isEmpty { try await writer.write(ServerSentEvents.comment("heartbeat \(follower.offset)")) }
                    for event in events {
                        guard let alert = AlertStreamTopics.alert(in: event), filter.matches(alert) else { continue }
                        try await writer.write(ServerSentEvents.event(id: event.offset, name: event.topic, data: event.payloadJSON))
                    }
                }
            } catch is CancellationError {}
            try await writer.finish(nil)
        })
    }

    private func readableAlert(_ request: Request, context: AppRequestContext) async throws -> AlertRecord {
        let id = try context.parameters.require("id")
        guard let alert = try await services.store.alert(id: id),
              context.identity.readableOrganizations?.contains(alert.organization) ?? true else {
            throw Problem.notFound("No alert has the id '\(id)'; GET /api/v1/alerts lists them.")
        }
        return alert
    }

    static func checked(_ names: Set<String>, allowed: [String], name: String) throws -> Set<String> {
        if let bad = names.first(where: { !allowed.contains($0) }) {
            throw Problem.badRequest("Unknown \(name) '\(bad)'; use one of \(allowed.joined(separator: ", ")).")
        }
        return names
    }

    static func encodeCursor(_ alert: AlertRecord) -> String {
        Data("\(alert.updatedAtMs):\(alert.id)".utf8).base64EncodedString()
    }

    static func decodeCursor(_ text: String) throws -> (updatedAtMs: Int64, id: String) {
        guard let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8),
              let colon = decoded.firstIndex(of: ":"), let time = Int64(decoded[..<colon]) else {
            throw Problem.badRequest("'cursor' is not a cursor this server issued; pass pagination.nextCursor from the previous page.")
        }
        return (time, String(decoded[decoded.index(after: colon)...]))
    }
}

/// The alert topics of the event log and how to read an alert back from one of their events.
enum AlertStreamTopics {
    static let all: Set<String> = [EventTopic.alertCreated, EventTopic.alertUpdated]

    static func alert(in event: DomainEvent) -> AlertRecord? {
        try? JSONDecoder().decode(AlertRecord.self, from: Data(event.payloadJSON.utf8))
    }
}

extension QueryParameters {
    /// A comma-separated list parameter (`severity=warning,critical`); nil when absent.
    func list(_ name: String) -> Set<String>? {
        guard let text = string(name) else { return nil }
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return items.isEmpty ? nil : Set(items)
    }
}
