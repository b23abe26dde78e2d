import EcoCore
import Foundation

/// What a client sends to create an entry (the `metadata` part of an upload, or the whole JSON body),
/// before it is checked. Field names are the API's.
public struct EntryDraft: Sendable, Equatable, Decodable {
    public var dataType: String?
    public var source: String?
    /// RFC 3339 or epoch milliseconds; the upload time when absent.
    public var timestamp: String?
    public var lat: Double?
    public var lng: Double?
    public var metadata: JSONValue?
    public var tags: [String]?
    public var label: String?

    public init(dataType: String? = nil, source: String? = nil, timestamp: String? = nil, lat: Double? = nil, lng: Double? = nil,
                metadata: JSONValue? = nil, tags: [String]? = nil, label: String? = nil) {
        self.dataType = dataType
        self.source = source
        self.timestamp = timestamp
        self.lat = lat
        self.lng = lng
        self.metadata = metadata
        self.tags = tags
        self.label = label
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        dataType = try container.decodeIfPresent(String.self, forKey: .dataType)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        // A timestamp may come as text or as epoch milliseconds.
        if let number = try? container.decodeIfPresent(Int64.self, forKey: .timestamp) { timestamp = String(number) } else {
            timestamp = try container.decodeIfPresent(String.self, forKey: .timestamp)
        }
        lat = try container.decodeIfPresent(Double.self, forKey: .lat)
        lng = try container.decodeIfPresent(Double.self, forKey: .lng)
        metadata = try container.decodeIfPresent(JSONValue.self, forKey: .metadata)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        label = try container.decodeIfPresent(String.self, forKey: .label)
    }

    private enum Keys: String, CodingKey { case dataType, source, timestamp, lat, lng, metadata, tags, label }

    /// The longest source and label names.
    static let maxNameLength = 200

    /// The entry this draft describes, checked; `file` when it carries one.
    /// - Throws: ``EcoError/invalidArgument(_:)`` naming the field, what is wrong and what is accepted.
    func entry(id: String, file: EntryFile?, contentType: String?, by actor: String, atMs: Int64) throws(EcoError) -> Entry {
        let type: EntryDataType
        if let dataType { type = try EntryDataType(parsing: dataType) } else if let contentType, let guessed = EntryDataType.guess(contentType: contentType) {
            type = guessed
        } else {
            throw .invalidArgument("dataType is required (one of \(EntryDataType.allCases.map(\.rawValue).joined(separator: ", "))).")
        }
        guard let source = source?.trimmingCharacters(in: .whitespaces), !source.isEmpty, source.count <= Self.maxNameLength else {
            throw .invalidArgument("source is required: the device or team that sent the data, 1–\(Self.maxNameLength) characters, e.g. \"buoy-17\".")
        }
        var timeMs = atMs
        if let timestamp {
            guard let parsed = Timestamp.parse(timestamp) else {
                throw .invalidArgument("timestamp '\(timestamp)' must be RFC 3339 (2026-05-01T09:30:00Z) or epoch milliseconds.")
            }
            timeMs = parsed
        }
        switch (lat, lng) {
        case (nil, nil): break
        case let (lat?, lng?):
            guard lat.isFinite, (-90...90).contains(lat) else { throw .invalidArgument("lat \(lat) must lie in -90…90 degrees.") }
            guard lng.isFinite, (-180...180).contains(lng) else { throw .invalidArgument("lng \(lng) must lie in -180…180 degrees.") }
        default: throw .invalidArgument("lat and lng go together: give both, or neither for an entry without a position.")
        }
        var fields: [String: JSONValue] = [:]
        switch metadata {
        case nil, .null?: break
        case let .object(object)?: fields = object
        default: throw .invalidArgument("metadata must be a JSON object, e.g. {\"depth_m\": 3}.")
        }
        if let label, label.isEmpty || label.count > Self.maxNameLength {
            throw .invalidArgument("label must be 1–\(Self.maxNameLength) characters.")
        }
        return Entry(id: id, dataType: type, source: source, timeMs: timeMs, lat: lat, lng: lng, metadata: fields,
                     tags: try EntryTags.normalise(tags ?? []), file: file, label: label, createdBy: actor, createdAtMs: atMs)
    }

    static func unsupported(_ contentType: String, for type: EntryDataType) -> String {
        "Content type \(contentType) is not accepted for \(type.rawValue) entries; send one of \(type.allowedContentTypes.joined(separator: ", "))."
    }
}
