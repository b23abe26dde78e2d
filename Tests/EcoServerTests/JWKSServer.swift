import Foundation
import Hummingbird
import Logging
import Synchronization

/// An identity provider's key endpoint for tests: a Hummingbird server on 127.0.0.1 answering
/// `GET /jwks.json` with whatever key set the test publishes (and `Cache-Control` it chooses), counting requests.
struct JWKSServer: Sendable {
    let port: Int
    private let state: State

    var url: String { "http://127.0.0.1:\(port)/jwks.json" }
    /// Requests served so far.
    var requests: Int { state.value.withLock { $0.requests } }

    /// Publishes `keys` (JWK objects) from now on, with `cacheControl` as the header (nil: none).
    func publish(_ keys: [[String: String]], cacheControl: String? = nil) {
        let body = (try? JSONSerialization.data(withJSONObject: ["keys": keys], options: [.sortedKeys])) ?? Data()
        state.value.withLock { $0.body = body; $0.cacheControl = cacheControl; $0.status = 200 }
    }

    /// Answers every request with `status` and no keys from now on (an outage).
    func fail(with status: Int) { state.value.withLock { $0.status = status } }

    static func with<T: Sendable>(_ body: @Sendable (JWKSServer) async throws -> T) async throws -> T {
        let state = State()
        let router = Router()
        router.get("/jwks.json") { _, _ -> Response in
            let snapshot = state.value.withLock { current in
                current.requests += 1
                return current
            }
            var headers: HTTPFields = [.contentType: "application/json"]
            if let cacheControl = snapshot.cacheControl { headers[.cacheControl] = cacheControl }
            guard snapshot.status == 200 else { return Response(status: .init(code: snapshot.status)) }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: snapshot.body)))
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "jwks-server")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            return try await body(JWKSServer(port: bound, state: state))
        }
    }

    private final class State: Sendable {
        struct Value {
            var body = Data(#"{"keys":[]}"#.utf8)
            var cacheControl: String?
            var status = 200
            var requests = 0
        }
        let value = Mutex(Value())
    }
}
