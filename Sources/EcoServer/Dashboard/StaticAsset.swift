import CompressNIO
import Foundation
import NIOCore

/// One file of the dashboard as it is served: its bytes, their gzip form when that is smaller, its
/// media type and an entity tag. Built once at start, shared by every request.
struct StaticAsset: Sendable {
    /// The name it is served under (`main.3fa9c1d2e0.js`; `index.html` is served at `/`).
    var name: String
    var contentType: String
    var bytes: ByteBuffer
    /// gzip (zlib level 9) of `bytes`, or nil when compressing saves nothing (already compressed data).
    var gzipped: ByteBuffer?
    /// Strong entity tag of the uncompressed bytes (quoted).
    var etag: String

    init(name: String, contentType: String, bytes: [UInt8], etag: String) throws {
        self.name = name
        self.contentType = contentType
        self.bytes = ByteBuffer(bytes: bytes)
        self.etag = etag
        var source = ByteBuffer(bytes: bytes)
        let compressed = try source.compress(with: .gzip(configuration: .init(compressionLevel: 9)))
        gzipped = compressed.readableBytes < bytes.count ? compressed : nil
    }

    /// Media types of the file kinds the dashboard ships; anything else is refused at start.
    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "json": "application/json",
        "svg": "image/svg+xml",
        "png": "image/png",
    ]

    /// Whether an `Accept-Encoding` header value accepts gzip (RFC 9110 §12.5.3: a `q=0` refuses it).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
        return false
    }
}
