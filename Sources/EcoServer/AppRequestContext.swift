import EcoCore
import EcoPipeline
import Hummingbird
import HummingbirdWebSocket
import Logging

/// Per-request state of EcoTrack's router.
public struct AppRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer's IP address: the client, or the proxy in front of it.
    public let peerAddress: String?
    /// Identity and client address, filled by `AuthMiddleware`.
    public var auth = RequestAuth()
    /// Set when a route upgrades the connection to a WebSocket (`/ws/alerts`).
    public let webSocket = WebSocketHandlerReference<AppRequestContext>()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The matched route's body limit, set by `RouteRegistrar` from ``BodyLimits``.
    var bodyLimit = BodyLimit.unmatched

    /// The matched route's body limit (``BodyLimits``): what `collect(upTo:)` and the JSON decoder read at most.
    public var maxUploadSize: Int { bodyLimit.bytes }

    /// JSON bodies are checked for nesting depth and string length before decoding (docs/security.md).
    public var requestDecoder: BoundedJSONDecoder { BoundedJSONDecoder() }
}
