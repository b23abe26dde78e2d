import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// The domain event log: replay from any offset, follow it live (SSE), and see consumers' positions.
/// The raw log crosses organizations, so it is for administrators and integrations with admin keys;
/// users follow `/api/v1/alerts/stream` or `/ws/alerts`, which are scoped to what they may read.
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/events | events after `after` (default 0), optionally of one or more `topic`s, up to `limit` |
/// | GET | /api/v1/events/stream | Server-Sent Events from `after` / `Last-Event-ID` on, then live |
/// | GET | /api/v1/events/consumers | named consumers with their committed offset and lag |
struct EventRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/events", .adminAll, use: list)
        group.stream("/events/stream", .adminAll, use: stream)
        group.get("/events/consumers", .adminAll, use: consumers)
    }

    struct EventView: Encodable, Sendable {
        var offset: Int64
        var topic: String
        var key: String?
        var time: String
        var payload: JSONValue
    }

    struct EventPage: Encodable, Sendable {
        var data: [EventView]
        /// Pass as `after` for the next page.
        var nextAfter: Int64
        var latestOffset: Int64
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request, context: context)
        let after = try parameters.offset("after") ?? 0
        let limit = try parameters.int("limit", default: 100, range: 1...1000)
        let latest = try await services.store.latestEventOffset()
        let events = try await services.store.events(after: after, topics: parameters.list("topic"), limit: limit)
        let next = events.count == limit ? events.last!.offset : max(events.last?.offset ?? after, latest)
        return try JSONResponse.make(EventPage(data: events.map(Self.view), nextAfter: next, latestOffset: latest))
    }

    @Sendable func stream(request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request, context: context)
        let topics = parameters.list("topic")
        let heartbeat = Duration.seconds(try parameters.int("heartbeat", default: 15, range: 1...300))
        let start = try await ServerSentEvents.startOffset(request, log: services.store)
        let feed = services.platform.events
        return Response(status: .ok, headers: ServerSentEvents.headers, body: ResponseBody { writer in
            var follower = EventFollower(feed: feed, topics: topics, after: start, heartbeat: heartbeat)
            try await writer.write(ServerSentEvents.comment("following events after offset \(start)"))
            // Server shutdown cancels the wait: the stream ends cleanly and the client resumes elsewhere
            // with Last-Event-ID.
            do {
                while !Task.isCancelled {
                    let events = try await follower.next()
                    if events.isEmpty { try await writer.write(ServerSentEvents.comment("heartbeat \(follower.offset)")) }
                    for event in events {
                        try await writer.write(ServerSentEvents.event(id: event.offset, name: event.topic, data: event.payloadJSON))
                    }
                }
            } catch is CancellationError {}
            try await writer.finish(nil)
        })
    }

    struct ConsumerView: Encodable, Sendable {
        var name: String
        var offset: Int64
        /// Events appended after the consumer's offset.
        var lag: Int64
    }

    @Sendable func consumers(request: Request, context: AppRequestContext) async throws -> Response {
        let latest = try await services.store.latestEventOffset()
        let consumers = try await services.store.consumerOffsets().sorted { $0.key < $1.key }
            .map { ConsumerView(name: $0.key, offset: $0.value, lag: max(0, latest - $0.value)) }
        return try JSONResponse.make(["data": consumers])
    }

    static func view(_ event: DomainEvent) -> EventView {
        EventView(offset: event.offset, topic: event.topic, key: event.key, time: Timestamp.format(ms: event.timeMs),
                  payload: JSONValue.parse(event.payloadJSON) ?? .string(event.payloadJSON))
    }
}

extension QueryParameters {
    /// An event offset (integer ≥ 0).
    func offset(_ name: String) throws -> Int64? {
        guard let text = string(name) else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw Problem.badRequest("'\(name)' must be an event offset (an integer ≥ 0); got '\(text)'.")
        }
        return value
    }
}
