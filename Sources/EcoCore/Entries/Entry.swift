import Foundation

/// One data entry (issue #18): an image, video, sensor payload or document sent by a device or a
/// field team, with where and when it was taken, free metadata, tags, and the file's identity in
/// object storage (none for JSON-only entries).
public struct Entry: Sendable, Equatable {
    /// A UUID, lower case.
    public var id: String
    public var dataType: EntryDataType
    /// The device or team that sent it (`buoy-17`, `field-team-north`).
    public var source: String
    /// When the data was taken, ms since the epoch.
    public var timeMs: Int64
    /// Where it was taken, when known (both or neither).
    public var lat: Double?
    public var lng: Double?
    /// A JSON object of anything the sender adds.
    public var metadata: [String: JSONValue]
    /// Normalised (see ``EntryTags``), sorted, without repeats.
    public var tags: [String]
    /// The stored file, nil for an entry of metadata alone.
    public var file: EntryFile?
    /// Whether classification or enrichment has run on it.
    public var processed: Bool
    public var label: String?
    public var createdBy: String
    public var createdAtMs: Int64
    /// The vision model's tags and description, or why they could not be had; nil until enrichment ran (or when it is off).
    public var enrichment: EntryEnrichment?

    public init(id: String, dataType: EntryDataType, source: String, timeMs: Int64, lat: Double? = nil, lng: Double? = nil,
                metadata: [String: JSONValue] = [:], tags: [String] = [], file: EntryFile? = nil, processed: Bool = false,
                label: String? = nil, createdBy: String, createdAtMs: Int64, enrichment: EntryEnrichment? = nil) {
        self.id = id
        self.dataType = dataType
        self.source = source
        self.timeMs = timeMs
        self.lat = lat
        self.lng = lng
        self.metadata = metadata
        self.tags = tags
        self.file = file
        self.processed = processed
        self.label = label
        self.createdBy = createdBy
        self.createdAtMs = createdAtMs
        self.enrichment = enrichment
    }

    /// The resolution-15 H3 cell of its position (the resolution every EcoTrack record is stored at).
    public var cell15: UInt64? {
        guard let lat, let lng else { return nil }
        return Spatial.cell15(lat: lat, lng: lng)
    }
}

/// The identity of an entry's file: its SHA-256 (the object-storage key), size, declared type and name.
public struct EntryFile: Sendable, Equatable {
    /// 64 lower-case hexadecimal digits.
    public var sha256: String
    public var size: Int64
    /// The MIME type, checked against the file's first bytes.
    public var contentType: String
    /// The name the uploader gave, without directories.
    public var fileName: String?

    public init(sha256: String, size: Int64, contentType: String, fileName: String?) {
        self.sha256 = sha256
        self.size = size
        self.contentType = contentType
        self.fileName = fileName
    }
}

/// An entry that was deleted: kept so that its id and file answer "deleted" rather than "unknown".
public struct EntryTombstone: Sendable, Equatable {
    public var id: String
    public var deletedAtMs: Int64
    public var deletedBy: String

    public init(id: String, deletedAtMs: Int64, deletedBy: String) {
        self.id = id
        self.deletedAtMs = deletedAtMs
        self.deletedBy = deletedBy
    }
}
