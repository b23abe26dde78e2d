import Foundation

/// The multipart/form-data body a client sends to `POST /api/v1/entries`: a `metadata` JSON part, then
/// the `file` part (what `ecotrack entries upload` and the upload benchmark send).
public struct EntryUploadForm: Sendable {
    public let boundary: String

    public init(boundary: String = "ecotrack-" + UUID().uuidString.lowercased()) { self.boundary = boundary }

    /// The request's Content-Type.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The whole body around `file`.
    public func body(metadata: JSONValue, fileName: String, fileType: String, file: Data) -> Data {
        var data = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n".utf8)
        data += Data(metadata.encoded())
        let safeName = fileName.replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
        data += Data("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(safeName)\"\r\nContent-Type: \(fileType)\r\n\r\n".utf8)
        data += file
        data += Data("\r\n--\(boundary)--\r\n".utf8)
        return data
    }

    /// The content type a file name's extension suggests; nil for extensions no data type takes.
    public static func contentType(fileName: String) -> String? {
        let types = ["jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "tif": "image/tiff", "tiff": "image/tiff",
                     "mp4": "video/mp4", "m4v": "video/mp4", "mov": "video/quicktime", "webm": "video/webm", "json": "application/json",
                     "ndjson": "application/x-ndjson", "csv": "text/csv", "txt": "text/plain", "pdf": "application/pdf", "bin": "application/octet-stream"]
        return types[(fileName as NSString).pathExtension.lowercased()]
    }
}
