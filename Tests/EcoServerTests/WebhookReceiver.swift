import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import Foundation
import Hummingbird
import Logging
import Synchronization

/// A webhook receiver for tests: a Hummingbird server on 127.0.0.1 that records every POST to
/// `/hook` (or `path`: an OTLP collector stand-in uses `/v1/traces`) (headers and raw body) and answers with the status `respond` picks for the n-th request.
struct WebhookReceiver: Sendable {
    struct Received: Sendable {
        /// Headers by lower-cased name.
        var headers: [String: String]
        var body: Data
    }

    let port: Int
    private let box: LogBox

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var received: [Received] { box.log.withLock { $0 } }

    /// Runs `body` while a receiver listens on `port` (0: one the OS picks), then stops it.
    /// `respond` gets the 0-based number of the request and returns the HTTP status to answer.
    static func with<T: Sendable>(port: Int = 0, path: String = "/hook", respond: @escaping @Sendable (Int) -> Int = { _ in 204 },
                                  _ body: @Sendable (WebhookReceiver) async throws -> T) async throws -> T {
        let box = LogBox()
        let router = Router()
        router.post(RouterPath(path)) { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let index = box.append(Received(headers: headers, body: Data(bytes.readableBytesView)))
            return Response(status: .init(code: respond(index)))
        }
        // Points back at /hook: a client that follows redirects would be recorded there.
        router.post("/redirect") { _, _ in Response(status: .temporaryRedirect, headers: [.location: "/hook"]) }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? port) }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else { throw CancellationError() }
            let receiver = WebhookReceiver(port: bound, box: box)
            defer { group.cancelAll() }
            return try await body(receiver)
        }
    }

    /// A port that was free a moment ago (a receiver bound it and stopped): the address of a receiver that is down.
    static func unusedPort() async throws -> Int {
        try await with { $0.port }
    }

    /// Waits until `count` requests arrived, at most `timeout`; returns what arrived.
    func waitFor(_ count: Int, timeout: Duration = .seconds(30)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while received.count < count && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return received
    }

    private init(port: Int, box: LogBox) {
        self.port = port
        self.box = box
    }

    /// Shared by the route handler and the receiver value.
    fileprivate final class LogBox: Sendable {
        let log = Mutex<[Received]>([])
        func append(_ entry: Received) -> Int { log.withLock { $0.append(entry); return $0.count - 1 } }
    }
}
