import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// A minimal HTTP/1.1 listener for a process without the API server (`ecotrack worker`): `GET /healthz`
/// (the process runs), `/readyz` (its store answers, `ready`), and `/metrics` (the Prometheus text `metrics`
/// returns). No router, no middleware: three paths, everything else 404. `/metrics` takes the same rule as
/// `ecotrack serve`: with a `metricsToken`, only `Authorization: Bearer <token>`; without one, open only when
/// bound to a loopback host.
public struct HealthListener: Service {
    let host: String
    let port: Int
    let metricsToken: String?
    let ready: @Sendable () async -> Bool
    let metrics: @Sendable () -> String
    let logger: Logger
    let onBound: @Sendable (Int) -> Void

    /// - Parameter onBound: called with the port once listening (the one the system chose for port 0).
    public init(host: String, port: Int, metricsToken: String?, ready: @escaping @Sendable () async -> Bool,
                metrics: @escaping @Sendable () -> String, logger: Logger, onBound: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.host = host
        self.port = port
        self.metricsToken = metricsToken
        self.ready = ready
        self.metrics = metrics
        self.logger = logger
        self.onBound = onBound
    }

    public func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        let bound = server.channel.localAddress?.port ?? port
        logger.info("health and metrics listener started", metadata: ["host": "\(host)", "port": "\(bound)"])
        onBound(bound)
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingDiscardingTaskGroup { group in
                    try await server.executeThenClose { connections in
                        for try await connection in connections {
                            group.addTask { try? await serve(connection) }
                        }
                    }
                }
            }
        } catch is CancellationError {
            // Shutdown: the listening socket is closed; a scrape in flight is cut short.
        }
        logger.info("health and metrics listener stopped")
    }

    /// Answers each request of one connection in turn (keep-alive), until the client closes it.
    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { requests, responses in
            var head: HTTPRequestHead?
            for try await part in requests {
                switch part {
                case let .head(request): head = request
                case .body: continue
                case .end:
                    guard let request = head else { continue }
                    head = nil
                    let answer = await respond(to: request)
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: answer.contentType)
                    headers.add(name: "Content-Length", value: String(answer.body.utf8.count))
                    try await responses.write(.head(HTTPResponseHead(version: request.version, status: answer.status, headers: headers)))
                    if request.method != .HEAD { try await responses.write(.body(.byteBuffer(ByteBuffer(string: answer.body)))) }
                    try await responses.write(.end(nil))
                }
            }
        }
    }

    /// The answer to one request: status, content type and body.
    func respond(to request: HTTPRequestHead) async -> (status: HTTPResponseStatus, contentType: String, body: String) {
        let text = "text/plain; charset=utf-8"
        guard request.method == .GET || request.method == .HEAD else {
            return (.methodNotAllowed, text, "Only GET and HEAD are answered here.\n")
        }
        switch request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "" {
        case "/healthz":
            return (.ok, text, "ok\n")
        case "/readyz":
            return await ready() ? (.ok, text, "ready\n") : (.serviceUnavailable, text, "not ready: the store does not answer, or its schema differs from this binary's\n")
        case "/metrics":
            if let refusal = metricsRefusal(request.headers["Authorization"].first) { return (.unauthorized, text, refusal) }
            return (.ok, "text/plain; version=0.0.4; charset=utf-8", metrics())
        default:
            return (.notFound, text, "This listener answers /healthz, /readyz and /metrics only; the API is on `ecotrack serve`.\n")
        }
    }

    /// Why a scrape with this Authorization header is refused; nil when it may read the metrics.
    func metricsRefusal(_ authorization: String?) -> String? {
        guard let metricsToken else {
            if Self.isLoopback(host) { return nil }
            return "/metrics is open only on a loopback host; set metricsToken (ECOTRACK_METRICS_TOKEN) and scrape with it as a bearer token.\n"
        }
        let expected = Array("Bearer \(metricsToken)".utf8), given = Array((authorization ?? "").utf8)
        // Compared in time independent of where the first difference is.
        var difference = expected.count ^ given.count
        for index in expected.indices { difference |= Int(expected[index] ^ (index < given.count ? given[index] : 0)) }
        return difference == 0 ? nil : "Scrape /metrics with the metrics token: Authorization: Bearer <metricsToken>.\n"
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
