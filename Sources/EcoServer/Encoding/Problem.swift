import EcoCore
import EcoPipeline
import Foundation
import Hummingbird

/// An RFC 9457 problem document: the one shape every error response takes.
public struct Problem: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// A short summary of the problem type (`Unprocessable observations`).
    public var title: String
    /// A sentence saying what was wrong and how to fix it.
    public var detail: String
    /// Extra members (e.g. `errors`, `limit`), encoded beside the standard ones.
    public var extensions: [String: JSONValue]
    /// Headers to add to the response, e.g. `Retry-After`.
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, title: String? = nil, detail: String, extensions: [String: JSONValue] = [:], headers: HTTPFields = [:]) {
        self.status = status
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
    }

    public static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, detail: detail) }
    public static func notFound(_ detail: String) -> Problem { Problem(.notFound, detail: detail) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var object: [String: JSONValue] = extensions
        object["type"] = .string("about:blank")
        object["title"] = .string(title)
        object["status"] = .number(Double(status.code))
        object["detail"] = .string(detail)
        object["instance"] = .string(request.uri.path)
        var headers = headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONValue.object(object).encoded())))
    }
}
