import EcoCore
import EcoPipeline
import Foundation
import Hummingbird

/// Encodes response bodies: camelCase JSON with sorted keys (stable bytes), and the other formats' content types.
enum JSONResponse {
    private static var encoder: JSONEncoder { StableJSON.encoder }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, contentType: String = "application/json") throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
