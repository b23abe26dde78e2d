import Foundation

/// A minimal WebSocket client (RFC 6455) over a blocking TCP socket, for `ecotrack bench alerts` and
/// tests: Foundation on Linux has no WebSocket support (its libcurl lacks it). Text frames only,
/// unfragmented sends, loopback use: `ws://HOST:PORT/PATH`.
public final class LoopbackWebSocketClient: @unchecked Sendable {
    /// Received text messages, in order; finishes when the connection closes.
    public let messages: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let socket: LoopbackSocket
    private let sendLock = NSLock()

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Connects and performs the opening handshake with `headers` (e.g. Authorization), on a thread of
    /// its own: the socket calls block, and must not hold up Swift's cooperative pool (the server under
    /// test may need it to answer the handshake).
    public static func connect(host: String = "127.0.0.1", port: Int, path: String, headers: [String: String] = [:]) async throws -> LoopbackWebSocketClient {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try LoopbackWebSocketClient(host: host, port: port, path: path, headers: headers) })
            }
        }
    }

    private init(host: String, port: Int, path: String, headers: [String: String]) throws {
        (messages, continuation) = AsyncStream.makeStream(of: String.self)
        socket = try LoopbackSocket(host: host, port: port)
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        var request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try socket.write(Array((request + "\r\n").utf8))
        let head = try socket.readHead()
        guard head.first?.hasPrefix("HTTP/1.1 101") == true else {
            throw Failure(description: "upgrade refused: \(head.first ?? "")")
        }
        let thread = Thread { [self] in readFrames() }
        thread.name = "websocket-client"
        thread.start()
    }

    /// Sends one text message (masked, as clients must).
    public func send(_ text: String) throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((UInt64(payload.count) >> (UInt64($0) * 8)) & 0xFF) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        sendLock.lock()
        defer { sendLock.unlock() }
        try socket.write(frame)
    }

    /// Closes the connection.
    public func close() {
        socket.shutdown()
    }

    private func readFrames() {
        var message: [UInt8] = []
        while let header = socket.readExactly(2) {
            let opcode = header[0] & 0x0F
            let final = header[0] & 0x80 != 0
            var length = Int(header[1] & 0x7F)
            if length == 126 {
                guard let extended = socket.readExactly(2) else { break }
                length = Int(extended[0]) << 8 | Int(extended[1])
            } else if length == 127 {
                guard let extended = socket.readExactly(8) else { break }
                length = extended.reduce(0) { $0 << 8 | Int($1) }
            }
            guard let payload = length == 0 ? [] : socket.readExactly(length) else { break }
            switch opcode {
            case 0x8: // close
                continuation.finish()
                return
            case 0x9: // ping → pong
                sendLock.lock()
                try? socket.write([0x8A, 0x80 | UInt8(min(payload.count, 125)), 0, 0, 0, 0] + payload.prefix(125))
                sendLock.unlock()
            case 0x1, 0x0:
                message += payload
                if final {
                    continuation.yield(String(decoding: message, as: UTF8.self))
                    message.removeAll()
                }
            default:
                break
            }
        }
        continuation.finish()
    }
}
