/// What an entry holds, and which file types each kind accepts.
public enum EntryDataType: String, Sendable, CaseIterable, Codable {
    case image
    case video
    /// A reading or batch of readings from a device (JSON, CSV or raw bytes).
    case sensor
    case document

    /// The content types a file of this kind may have (MIME types, lower case).
    public var allowedContentTypes: [String] {
        switch self {
        case .image: ["image/jpeg", "image/png", "image/webp", "image/tiff"]
        case .video: ["video/mp4", "video/quicktime", "video/webm"]
        case .sensor: ["application/json", "text/csv", "application/octet-stream", "application/x-ndjson"]
        case .document: ["application/pdf", "text/plain", "text/csv", "application/json"]
        }
    }

    /// Parses a type name, or says which names exist.
    public init(parsing text: String) throws(EcoError) {
        guard let type = EntryDataType(rawValue: text.lowercased()) else {
            throw .invalidArgument("dataType '\(text)' is not one of \(Self.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        self = type
    }

    /// The kind a content type suggests, for uploads that do not say (`image/png` → image).
    public static func guess(contentType: String) -> EntryDataType? {
        if contentType.hasPrefix("image/") { return .image }
        if contentType.hasPrefix("video/") { return .video }
        return allCases.first { $0.allowedContentTypes.contains(contentType) }
    }
}
