import EcoCore
import EcoPipeline
import Foundation
import Hummingbird

/// Encodes response bodies: camelCase JSON written straight to bytes (``ByteJSONEncoder``: keys in the
/// types' order, dictionaries sorted, so bytes are stable), and the other formats' content types.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, contentType: String = "application/json") throws -> Response {
        let bytes = try ByteJSONEncoder.encode(value)
        return Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `value` as JSON bytes, for answers kept by the ``ReadCache``.
    static func answer(_ value: some Encodable, contentType: String = "application/json") throws -> ReadCache.Answer {
        ReadCache.Answer(body: ByteBuffer(bytes: try ByteJSONEncoder.encode(value)), contentType: contentType)
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
