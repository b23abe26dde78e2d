import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection to a loopback server, for the benchmarks' own lean clients
/// (``LoopbackHTTPClient``, ``LoopbackWebSocketClient``). Calls block: use it from a thread of its own,
/// never from Swift's cooperative pool.
public final class LoopbackSocket: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private let descriptor: Int32

    /// Connects with TCP_NODELAY (requests and frames go out whole, no Nagle delay).
    public init(host: String, port: Int) throws {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw Failure(description: "cannot connect to \(host):\(port)")
        }
        var noDelay: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { Glibc.close(descriptor) }

    /// Sends every byte of `bytes`.
    public func write<Bytes: ContiguousBytes>(_ bytes: Bytes) throws {
        try bytes.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let n = Glibc.send(descriptor, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw Failure(description: "send failed") }
                sent += n
            }
        }
    }

    /// Exactly `count` bytes, or nil when the peer closed first.
    public func readExactly(_ count: Int) -> [UInt8]? {
        while buffered.count - start < count {
            guard fill() else { return nil }
        }
        defer { start += count }
        return Array(buffered[start..<start + count])
    }

    /// Bytes up to the next line feed, without it or the carriage return before it; nil when the
    /// peer closed first.
    public func readLine() -> String? {
        var scanned = 0
        while true {
            if let newline = buffered[(start + scanned)...].firstIndex(of: 10) {
                let line = buffered[start..<newline]
                start = newline + 1
                return String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
            }
            scanned = buffered.count - start
            guard fill() else { return nil }
        }
    }

    /// Bytes received but not yet consumed are `buffered[start...]`.
    private var buffered: [UInt8] = []
    private var start = 0

    /// Receives what is available (at most 64 KiB); false when the peer closed.
    private func fill() -> Bool {
        if start > 0 {
            buffered.removeFirst(start)
            start = 0
        }
        let old = buffered.count
        buffered += repeatElement(0, count: 65_536)
        let n = buffered[old...].withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        buffered.removeLast(65_536 - max(n, 0))
        return n > 0
    }

    /// An HTTP head: the status line and the header lines, up to the empty line that ends it.
    public func readHead() throws -> [String] {
        var lines: [String] = []
        while true {
            guard let line = readLine() else { throw Failure(description: "connection closed while reading a response head") }
            if line.isEmpty { return lines }
            lines.append(line)
        }
    }

    /// Stops both directions; a thread blocked in `readExactly` returns nil.
    public func shutdown() {
        Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
    }
}
