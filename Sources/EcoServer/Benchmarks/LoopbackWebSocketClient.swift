import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal WebSocket client (RFC 6455) over a blocking TCP socket, for `ecotrack bench alerts` and
/// tests: Foundation on Linux has no WebSocket support (its libcurl lacks it). Text frames only,
/// unfragmented sends, loopback use: `ws://HOST:PORT/PATH`.
public final class LoopbackWebSocketClient: @unchecked Sendable {
    /// Received text messages, in order; finishes when the connection closes.
    public let messages: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let socket: Int32
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
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(socket)
            throw Failure(description: "cannot connect to \(host):\(port)")
        }
        var noDelay: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        var request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try write(Array((request + "\r\n").utf8))
        let head = try readHead()
        guard head.hasPrefix("HTTP/1.1 101") else {
            Glibc.close(socket)
            throw Failure(description: "upgrade refused: \(head.split(separator: "\r\n").first ?? "")")
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
        try write(frame)
    }

    /// Closes the connection.
    public func close() {
        shutdown(socket, Int32(SHUT_RDWR))
    }

    deinit { Glibc.close(socket) }

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send failed") }
            sent += n
        }
    }

    private func readExactly(_ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer[filled...].withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return nil }
            filled += n
        }
        return buffer
    }

    private func readHead() throws -> String {
        var bytes: [UInt8] = []
        while !(bytes.count >= 4 && bytes.suffix(4) == [13, 10, 13, 10]) {
            guard let byte = readExactly(1) else { throw Failure(description: "connection closed during the handshake") }
            bytes += byte
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func readFrames() {
        var message: [UInt8] = []
        while let header = readExactly(2) {
            let opcode = header[0] & 0x0F
            let final = header[0] & 0x80 != 0
            var length = Int(header[1] & 0x7F)
            if length == 126 {
                guard let extended = readExactly(2) else { break }
                length = Int(extended[0]) << 8 | Int(extended[1])
            } else if length == 127 {
                guard let extended = readExactly(8) else { break }
                length = extended.reduce(0) { $0 << 8 | Int($1) }
            }
            guard let payload = length == 0 ? [] : readExactly(length) else { break }
            switch opcode {
            case 0x8: // close
                continuation.finish()
                return
            case 0x9: // ping → pong
                sendLock.lock()
                try? write([0x8A, 0x80 | UInt8(min(payload.count, 125)), 0, 0, 0, 0] + payload.prefix(125))
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
