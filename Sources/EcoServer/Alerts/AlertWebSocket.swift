import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Synchronization

/// Live alerts over WebSocket at `/ws/alerts`.
///
/// The client sends `{"subscribe": {"domains": [...], "severity": [...], "h3": [...]}, "after": OFFSET}`
/// (`after` optional: the last event offset it saw, so a reconnecting client misses nothing; without it
/// the stream starts at the newest event). The server answers `{"type":"subscribed","offset":N}`, then
/// `{"type":"alert","offset":N,"topic":"ecotrack.alert.created","alert":{…}}` for every matching alert
/// change, and `{"type":"heartbeat","offset":N}` every `heartbeat` seconds (query parameter, default 15)
/// when idle. A later `subscribe` replaces the filter. Bad messages get `{"type":"error","detail":…}`.
/// Credentials: the usual headers, or `?access_token=` for browsers.
struct AlertWebSocket {
    let services: AppServices

    static let path = "/ws/alerts"

    func register(on router: Router<AppRequestContext>, table: RouteTable) {
        table.record(.get, Self.path, permission: .readPublic)
        let policy = services.access.policy
        router.ws(RouterPath(Self.path), shouldUpgrade: { request, context in
            switch policy.decide(.readPublic, for: context.identity) {
            case .allow: break
            case .unauthenticated:
                throw Authenticator.unauthorized("The alert stream \(Self.path) needs credentials: send 'Authorization: Bearer <API key or token>' or ?access_token=.")
            case .forbidden:
                throw Problem(.forbidden, detail: "The alert stream \(Self.path) needs the permission read:public.")
            }
            if let text = request.uri.queryParameters["heartbeat"], !(Int(text).map { (1...300).contains($0) } ?? false) {
                throw Problem.badRequest("'heartbeat' must be a number of seconds from 1 to 300; got '\(text)'.")
            }
            return .upgrade([:])
        }, onUpgrade: { inbound, outbound, context in
            try await session(inbound: inbound, outbound: outbound, context: context)
        })
    }

    struct Message: Decodable {
        var subscribe: AlertSubscription?
        var after: Int64?
    }

    private func session(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
                         context: WebSocketRouterContext<AppRequestContext>) async throws {
        let organizations = context.requestContext.identity.readableOrganizations
        let heartbeat = Duration.seconds(context.request.uri.queryParameters["heartbeat"].flatMap { Int($0) } ?? 15)
        let filter = FilterBox()
        let (starts, startContinuation) = AsyncStream.makeStream(of: Int64?.self)
        let log = services.store
        let feed = services.platform.events
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var iterator = starts.makeAsyncIterator()
                guard let after = await iterator.next() else { return }
                let start: Int64
                if let after { start = after } else { start = try await log.latestEventOffset() }
                var follower = EventFollower(feed: feed, topics: AlertStreamTopics.all, after: start, heartbeat: heartbeat)
                try await outbound.write(.text(#"{"type":"subscribed","offset":\#(start)}"#))
                do {
                    while !Task.isCancelled {
                        let events = try await follower.next()
                        if events.isEmpty { try await outbound.write(.text(#"{"type":"heartbeat","offset":\#(follower.offset)}"#)) }
                        let current = filter.value ?? .everything
                        for event in events {
                            guard let alert = AlertStreamTopics.alert(in: event), current.matches(alert) else { continue }
                            try await outbound.write(.text(#"{"type":"alert","offset":\#(event.offset),"topic":"\#(event.topic)","alert":\#(event.payloadJSON)}"#))
                        }
                    }
                } catch is CancellationError {
                    // Shutting down (or the client left): say goodbye so the client reconnects elsewhere.
                    try? await outbound.close(.goingAway, reason: "server shutting down")
                }
            }
            // Read subscriptions here; the session ends when the client goes away.
            var started = false
            for try await message in inbound.messages(maxSize: 64 * 1024) {
                guard case let .text(text) = message else { continue }
                do {
                    let parsed = try JSONDecoder().decode(Message.self, from: Data(text.utf8))
                    guard let subscription = parsed.subscribe else {
                        throw Problem.badRequest("Send {\"subscribe\": {\"domains\": [...], \"severity\": [...], \"h3\": [...]}, \"after\": OFFSET}.")
                    }
                    filter.value = try subscription.filter(organizations: organizations, domains: AlertDomains.known(in: services.catalogue))
                    if !started {
                        started = true
                        startContinuation.yield(parsed.after)
                    }
                } catch {
                    let detail = (error as? Problem)?.detail ?? "The message is not JSON of the form {\"subscribe\": {...}, \"after\": OFFSET}."
                    try await outbound.write(.text(JSONValue.object(["type": .string("error"), "detail": .string(detail)]).text))
                }
            }
            startContinuation.finish()
            group.cancelAll()
        }
    }
}

/// The current filter of a WebSocket session, shared by its reader and writer.
private final class FilterBox: Sendable {
    private let state = Mutex<AlertStreamFilter?>(nil)
    var value: AlertStreamFilter? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
