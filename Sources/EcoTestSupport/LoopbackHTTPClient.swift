import Foundation
import Synchronization

/// A lean HTTP/1.1 client for the benchmarks: keep-alive connections to one loopback server, blocking
/// I/O on a thread per request. The benchmarks' client shares the machine's two cores with the server
/// under test, and URLSession on Linux (libcurl driven by dispatch sources) spent about a third of the
/// CPU of `bench alerts` on its own bookkeeping; this client spends next to none.
public final class LoopbackHTTPClient: Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
        /// Header fields by lower-cased name (the last one wins when a name repeats).
        public var headers: [String: String] = [:]
    }

    private let host: String
    private let port: Int
    /// Connections whose last exchange completed, ready for the next request.
    private let idle = Mutex<[LoopbackSocket]>([])

    public init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = port
    }

    /// How a request body is framed on the wire.
    public enum Framing: Sendable {
        /// `Content-Length` announces the size before the body.
        case contentLength
        /// `Transfer-Encoding: chunked`: the size is known only once the body has been read.
        case chunked
    }

    /// Sends one request and reads the whole response.
    public func send(_ method: String, _ path: String, headers: [String: String] = [:], body: Data = Data(),
                     framing: Framing = .contentLength) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { [self] in
                continuation.resume(with: Result { try exchange(method, path, headers: headers, body: body, framing: framing) })
            }
        }
    }

    private func exchange(_ method: String, _ path: String, headers: [String: String], body: Data, framing: Framing) throws -> Response {
        if let reused = idle.withLock({ $0.popLast() }) {
            // The server may have closed an idle connection: then start over on a fresh one.
            if let response = try? exchange(on: reused, method, path, headers: headers, body: body, framing: framing) { return response }
        }
        return try exchange(on: LoopbackSocket(host: host, port: port), method, path, headers: headers, body: body, framing: framing)
    }

    private func exchange(on socket: LoopbackSocket, _ method: String, _ path: String, headers: [String: String], body: Data,
                          framing: Framing) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n"
        head += framing == .chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        try socket.write(Array((head + "\r\n").utf8))
        if framing == .chunked {
            // One chunk, then the empty last chunk.
            if !body.isEmpty {
                try socket.write(Array((String(body.count, radix: 16) + "\r\n").utf8))
                try socket.write(body)
                try socket.write(Array("\r\n".utf8))
            }
            try socket.write(Array("0\r\n\r\n".utf8))
        } else {
            try socket.write(body)
        }
        let lines = try socket.readHead()
        guard let statusLine = lines.first, let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw LoopbackSocket.Failure(description: "malformed status line: \(lines.first ?? "")")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let responseBody: [UInt8]
        if status == 204 || status == 304 || (100..<200).contains(status) {
            responseBody = []  // never a body (RFC 9112 §6.3)
        } else if let length = fields["content-length"].flatMap(Int.init) {
            guard let bytes = socket.readExactly(length) else { throw LoopbackSocket.Failure(description: "connection closed in a response body") }
            responseBody = bytes
        } else if fields["transfer-encoding"]?.lowercased() == "chunked" {
            responseBody = try readChunks(socket)
        } else {
            throw LoopbackSocket.Failure(description: "response without Content-Length or chunked encoding")
        }
        if fields["connection"]?.lowercased() != "close" { idle.withLock { $0.append(socket) } }
        return Response(status: status, body: responseBody, headers: fields)
    }

    private func readChunks(_ socket: LoopbackSocket) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            guard let sizeLine = socket.readLine(), let size = Int(sizeLine.prefix { $0 != ";" }, radix: 16) else {
                throw LoopbackSocket.Failure(description: "malformed chunk size")
            }
            if size == 0 {
                _ = try socket.readHead()  // trailers, up to the empty line
                return body
            }
            guard let chunk = socket.readExactly(size), socket.readLine() != nil else {
                throw LoopbackSocket.Failure(description: "connection closed in a chunk")
            }
            body += chunk
        }
    }
}
