import Foundation
import Hummingbird
import Logging
import Synchronization

/// A stand-in for an OpenAI-compatible chat endpoint, for tests: a Hummingbird server on 127.0.0.1 that
/// records each POST to `/v1/chat/completions` (headers and body, at most `maxBody`, 64 KiB by default) and answers as `mode` says.
struct ChatStandIn: Sendable {
    enum Mode: Sendable {
        /// 200 with `content` as `choices[0].message.content`.
        case answer(String)
        /// This status with a short error body.
        case status(Int)
        /// 200 with a body that is not a chat completion.
        case garbage
        /// Waits this long (bounded by the test) before answering.
        case delay(Duration)
        /// 307 to itself: a client that follows redirects posts again (and again).
        case redirect
        /// The n-th request is answered as the n-th mode; the last one answers every request after it.
        case sequence([Mode])
    }

    /// Headers by lower-cased name and the raw body, as the webhook receiver records them.
    typealias Received = WebhookReceiver.Received

    let port: Int
    private let log: Log

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    var received: [Received] { log.entries.withLock { $0 } }

    /// Runs `body` while the stand-in listens on a port the OS picks, then stops it.
    static func with<T: Sendable>(_ mode: Mode, maxBody: Int = 64 * 1024, _ body: @Sendable (ChatStandIn) async throws -> T) async throws -> T {
        let log = Log()
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: maxBody)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let count = log.entries.withLock {
                $0.append(Received(headers: headers, body: Data(bytes.readableBytesView)))
                return $0.count
            }
            var mode = mode
            if case let .sequence(modes) = mode, let last = modes.last { mode = count <= modes.count ? modes[count - 1] : last }
            switch mode {
            case let .answer(content):
                let json = #"{"id":"chatcmpl-1","object":"chat.completion","model":"stand-in","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"#
                    + String(decoding: try JSONEncoder().encode(content), as: UTF8.self) + "}}]}"
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
            case let .status(code):
                return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"message":"stand-in failure"}}"#)))
            case .garbage:
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"unexpected":true}"#)))
            case let .delay(duration):
                try? await Task.sleep(for: duration)
                return Response(status: .serviceUnavailable)
            case .redirect:
                return Response(status: .temporaryRedirect, headers: [.location: "/v1/chat/completions?followed=1"])
            case .sequence:
                return Response(status: .internalServerError)
            }
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "chat-stand-in")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            return try await body(ChatStandIn(port: port, log: log))
        }
    }

    private final class Log: Sendable {
        let entries = Mutex<[Received]>([])
    }
}
