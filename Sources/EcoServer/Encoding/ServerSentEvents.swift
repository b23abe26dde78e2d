import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// Server-Sent Events (WHATWG HTML §9.2) framing.
enum ServerSentEvents {
    static let contentType = "text/event-stream"

    /// One event: `id`, `event` and `data` lines (data split on newlines), then a blank line.
    static func event(id: Int64?, name: String?, data: String) -> ByteBuffer {
        var text = ""
        if let id { text += "id: \(id)\n" }
        if let name { text += "event: \(name)\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        text += "\n"
        return ByteBuffer(string: text)
    }

    /// A comment line, which clients ignore: keeps proxies from closing an idle stream.
    static func comment(_ text: String) -> ByteBuffer { ByteBuffer(string: ": \(text)\n\n") }

    /// Response headers of a stream: no caching, no proxy buffering.
    static var headers: HTTPFields {
        [.contentType: contentType, .cacheControl: "no-cache", HTTPFields.Element.Name("X-Accel-Buffering")!: "no"]
    }

    /// The offset a stream starts after: the client's resume point, else the newest event (live only).
    static func startOffset(_ request: Request, log: any EventLog) async throws -> Int64 {
        if let offset = try resumeOffset(request) { return offset }
        return try await log.latestEventOffset()
    }

    /// Where a reconnecting client resumes: `Last-Event-ID` header, else the `after` query parameter.
    static func resumeOffset(_ request: Request) throws -> Int64? {
        if let header = request.headers[HTTPFields.Element.Name("Last-Event-ID")!] {
            guard let offset = Int64(header.trimmingCharacters(in: .whitespaces)), offset >= 0 else {
                throw Problem.badRequest("Last-Event-ID '\(header)' is not an event offset (a non-negative integer).")
            }
            return offset
        }
        guard let text = request.uri.queryParameters["after"].map(String.init) else { return nil }
        guard let offset = Int64(text), offset >= 0 else {
            throw Problem.badRequest("after='\(text)' is not an event offset; pass the last offset you received (an integer ≥ 0).")
        }
        return offset
    }
}
