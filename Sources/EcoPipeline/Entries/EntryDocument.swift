import EcoCore
import Foundation

/// An entry as the API shows it (JSON), and the GeoJSON and CSV forms of a page of entries.
public struct EntryDocument: Encodable, Sendable, Equatable {
    public var id: String
    public var dataType: String
    public var source: String
    public var timestamp: String
    public var lat: Double?
    public var lng: Double?
    /// The resolution-15 H3 cell of the position.
    public var h3Index: String?
    public var metadata: JSONValue
    public var tags: [String]
    public var file: FileDocument?
    public var processed: Bool
    public var label: String?
    public var createdBy: String
    public var createdAt: String
    /// The vision model's tags and description (absent until enrichment ran; absent too when it failed).
    public var llmTags: [String]?
    public var llmDescription: String?
    /// How enrichment went: status, model, attempts, the reason of a failure and when.
    public var enrichment: EnrichmentDocument?

    public struct EnrichmentDocument: Encodable, Sendable, Equatable {
        /// `enriched` or `failed`.
        public var status: String
        public var model: String
        public var attempts: Int
        public var error: String?
        public var at: String
    }

    public struct FileDocument: Encodable, Sendable, Equatable {
        public var sha256: String
        public var size: Int64
        public var contentType: String
        public var fileName: String?
        /// Where to download it.
        public var url: String
    }

    public init(_ entry: Entry) {
        id = entry.id
        dataType = entry.dataType.rawValue
        source = entry.source
        timestamp = Timestamp.format(ms: entry.timeMs)
        lat = entry.lat
        lng = entry.lng
        h3Index = entry.cell15.map(Spatial.hex)
        metadata = .object(entry.metadata)
        tags = entry.tags
        file = entry.file.map {
            FileDocument(sha256: $0.sha256, size: $0.size, contentType: $0.contentType, fileName: $0.fileName, url: "/api/v1/entries/\(entry.id)/file")
        }
        processed = entry.processed
        label = entry.label
        createdBy = entry.createdBy
        createdAt = Timestamp.format(ms: entry.createdAtMs)
        if let enrichment = entry.enrichment {
            if enrichment.status == .enriched {
                llmTags = enrichment.tags
                llmDescription = enrichment.description
            }
            self.enrichment = EnrichmentDocument(status: enrichment.status.rawValue, model: enrichment.model, attempts: enrichment.attempts,
                                                 error: enrichment.error, at: Timestamp.format(ms: enrichment.atMs))
        }
    }

    /// A GeoJSON FeatureCollection (RFC 7946): one Point per entry (a null geometry without a position),
    /// the other fields as properties.
    public static func featureCollection(_ entries: [Entry], nextCursor: String?) throws -> JSONValue {
        let features = try entries.map { entry -> JSONValue in
            let geometry: JSONValue = if let lat = entry.lat, let lng = entry.lng {
                .object(["type": .string("Point"), "coordinates": .array([.number(lng), .number(lat)])])
            } else {
                .null
            }
            var properties = try JSONValue(encodable: EntryDocument(entry))
            if case var .object(fields) = properties {
                fields["lat"] = nil
                fields["lng"] = nil
                fields["id"] = nil
                properties = .object(fields)
            }
            return .object(["type": .string("Feature"), "id": .string(entry.id), "geometry": geometry, "properties": properties])
        }
        var collection: [String: JSONValue] = ["type": .string("FeatureCollection"), "features": .array(features)]
        if let nextCursor { collection["nextCursor"] = .string(nextCursor) }
        return .object(collection)
    }

    static let csvHeader = "id,dataType,source,timestamp,lat,lng,h3Index,tags,sha256,size,contentType,fileName,processed,label,createdBy,createdAt,metadata"

    /// CSV (RFC 4180) with a header row; tags are joined with `;`, metadata is its JSON text. When there is a
    /// next page, a last line `# nextCursor=…` says how to ask for it.
    public static func csv(_ entries: [Entry], nextCursor: String? = nil) -> String {
        var lines = [csvHeader]
        for entry in entries {
            let fields: [String] = [
                entry.id, entry.dataType.rawValue, entry.source, Timestamp.format(ms: entry.timeMs), entry.lat.map { "\($0)" } ?? "",
                entry.lng.map { "\($0)" } ?? "", entry.cell15.map(Spatial.hex) ?? "", entry.tags.joined(separator: ";"), entry.file?.sha256 ?? "",
                entry.file.map { "\($0.size)" } ?? "", entry.file?.contentType ?? "", entry.file?.fileName ?? "", entry.processed ? "true" : "false",
                entry.label ?? "", entry.createdBy, Timestamp.format(ms: entry.createdAtMs), JSONValue.object(entry.metadata).text,
            ]
            lines.append(fields.map(CSVField.escape).joined(separator: ","))
        }
        if let nextCursor { lines.append("# nextCursor=\(nextCursor)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
