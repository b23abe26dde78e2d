import Foundation
import Hummingbird

/// Encodes response bodies: camelCase JSON with sorted keys (stable bytes), and the other formats' content types.
enum JSONResponse {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }()

    /// `value` as compact JSON text with sorted keys (stable bytes): event payloads, stored parameters.
    static func text(of value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, contentType: String = "application/json") throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A list response: `{"data": [...], "pagination": {...}}`.
struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    var data: [Item]
    var pagination: Pagination
}

/// Keyset pagination state of a list response.
struct Pagination: Encodable, Sendable {
    var limit: Int
    /// Pass as `cursor` to get the next page; absent on the last page.
    var nextCursor: String?
    var hasMore: Bool
    /// Exact number of matching rows, only when asked for with `count=exact`.
    var total: Int?
}
