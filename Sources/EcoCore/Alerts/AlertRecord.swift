/// An alert: the specification's Alert (id, alertType, domain, severity, title, description, h3Index,
/// geometry, validFrom, validUntil, metadata) plus its lifecycle (status, flapping, acknowledgement)
/// and a version for optimistic concurrency.
///
/// Its `Codable` form is the published alert document: the API's responses, the payload of
/// `ecotrack.alert.*` events, live streams and webhooks (timestamps RFC 3339, geometry and metadata
/// as JSON objects).
public struct AlertRecord: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case pending, firing, acknowledged, resolved
    }

    /// UUID string.
    public var id: String
    /// `anomaly`, `threshold`, `hotspot` or `sensor` (stuck/dead sensor).
    public var alertType: String
    /// the domain of the alert's variable: `climate`, `health`, `biodiversity`, `ocean`, `carbon` …
    public var domain: String
    /// `info`, `warning` or `critical`.
    public var severity: String
    public var title: String
    public var description: String
    /// 15-hex H3 cell, when the alert is about a place.
    public var h3Index: String?
    /// GeoJSON geometry of the place, as JSON text.
    public var geometryJSON: String?
    public var validFromMs: Int64
    public var validUntilMs: Int64?
    /// Free-form JSON object: rule id, series id, variable, value, score …
    public var metadataJSON: String
    public var status: Status
    /// One open alert per dedup key (rule × series, detector × series): updated, never duplicated.
    public var dedupKey: String
    public var isFlapping: Bool
    /// Organization the alert belongs to ("" = public), for scoping reads.
    public var organization: String
    public var createdAtMs: Int64
    public var updatedAtMs: Int64
    public var acknowledgedBy: String?
    public var acknowledgedAtMs: Int64?
    /// 1 when opened, one more with every stored change. A change is stored only over the version it
    /// was made from (``AlertVersionConflict`` otherwise), so no process overwrites another's change.
    public var version: Int

    public init(id: String, alertType: String, domain: String, severity: String, title: String, description: String,
                h3Index: String?, geometryJSON: String?, validFromMs: Int64, validUntilMs: Int64?, metadataJSON: String,
                status: Status, dedupKey: String, isFlapping: Bool = false, organization: String = "",
                createdAtMs: Int64, updatedAtMs: Int64, acknowledgedBy: String? = nil, acknowledgedAtMs: Int64? = nil, version: Int = 1) {
        self.id = id
        self.alertType = alertType
        self.domain = domain
        self.severity = severity
        self.title = title
        self.description = description
        self.h3Index = h3Index
        self.geometryJSON = geometryJSON
        self.validFromMs = validFromMs
        self.validUntilMs = validUntilMs
        self.metadataJSON = metadataJSON
        self.status = status
        self.dedupKey = dedupKey
        self.isFlapping = isFlapping
        self.organization = organization
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAtMs = acknowledgedAtMs
        self.version = version
    }

    /// Open means not resolved: pending, firing or acknowledged.
    public var isOpen: Bool { status != .resolved }
}

/// One step in an alert's life: every status change is kept.
public struct AlertHistoryEntry: Sendable, Equatable, Codable {
    public var alertID: String
    public var status: AlertRecord.Status
    public var severity: String
    public var atMs: Int64
    /// Who caused it: a user/key id for acknowledgements, `system` for detection.
    public var actor: String
    public var note: String?

    public init(alertID: String, status: AlertRecord.Status, severity: String, atMs: Int64, actor: String, note: String? = nil) {
        self.alertID = alertID
        self.status = status
        self.severity = severity
        self.atMs = atMs
        self.actor = actor
        self.note = note
    }
}

/// A change was made from an alert version that is no longer the stored one: another process (or
/// request) changed the alert first. Nothing of the change was stored; `current` is the alert now.
public struct AlertVersionConflict: Error, Sendable, Equatable, CustomStringConvertible {
    public var current: AlertRecord

    public init(current: AlertRecord) { self.current = current }

    public var description: String {
        "Alert \(current.id) changed meanwhile (now version \(current.version), \(current.status.rawValue)); read it again and retry."
    }
}

extension AlertRecord {
    private enum CodingKeys: String, CodingKey {
        case id, alertType, domain, severity, title, description, h3Index, geometry, validFrom, validUntil, metadata, status
        case dedupKey, isFlapping, organization, createdAt, updatedAt, acknowledgedBy, acknowledgedAt, version
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func time(_ key: CodingKeys) throws -> Int64 {
            let text = try c.decode(String.self, forKey: key)
            guard let ms = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(text)' is not an RFC 3339 time")
            }
            return ms
        }
        func optionalTime(_ key: CodingKeys) throws -> Int64? { try c.contains(key) && !c.decodeNil(forKey: key) ? time(key) : nil }
        self.init(id: try c.decode(String.self, forKey: .id), alertType: try c.decode(String.self, forKey: .alertType),
                  domain: try c.decode(String.self, forKey: .domain), severity: try c.decode(String.self, forKey: .severity),
                  title: try c.decode(String.self, forKey: .title), description: try c.decode(String.self, forKey: .description),
                  h3Index: try c.decodeIfPresent(String.self, forKey: .h3Index),
                  geometryJSON: try c.decodeIfPresent(JSONValue.self, forKey: .geometry)?.text,
                  validFromMs: try time(.validFrom), validUntilMs: try optionalTime(.validUntil),
                  metadataJSON: (try c.decodeIfPresent(JSONValue.self, forKey: .metadata) ?? .object([:])).text,
                  status: try c.decode(Status.self, forKey: .status), dedupKey: try c.decodeIfPresent(String.self, forKey: .dedupKey) ?? "",
                  isFlapping: try c.decodeIfPresent(Bool.self, forKey: .isFlapping) ?? false,
                  organization: try c.decodeIfPresent(String.self, forKey: .organization) ?? "",
                  createdAtMs: try time(.createdAt), updatedAtMs: try time(.updatedAt),
                  acknowledgedBy: try c.decodeIfPresent(String.self, forKey: .acknowledgedBy),
                  acknowledgedAtMs: try optionalTime(.acknowledgedAt), version: try c.decodeIfPresent(Int.self, forKey: .version) ?? 1)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(alertType, forKey: .alertType)
        try c.encode(domain, forKey: .domain)
        try c.encode(severity, forKey: .severity)
        try c.encode(title, forKey: .title)
        try c.encode(description, forKey: .description)
        try c.encodeIfPresent(h3Index, forKey: .h3Index)
        try c.encodeIfPresent(geometryJSON.flatMap(JSONValue.parse), forKey: .geometry)
        try c.encode(Timestamp.format(ms: validFromMs), forKey: .validFrom)
        try c.encodeIfPresent(validUntilMs.map { Timestamp.format(ms: $0) }, forKey: .validUntil)
        try c.encode(JSONValue.parse(metadataJSON) ?? .object([:]), forKey: .metadata)
        try c.encode(status, forKey: .status)
        try c.encode(dedupKey, forKey: .dedupKey)
        try c.encode(isFlapping, forKey: .isFlapping)
        // Public alerts carry no organization.
        if !organization.isEmpty { try c.encode(organization, forKey: .organization) }
        try c.encode(Timestamp.format(ms: createdAtMs), forKey: .createdAt)
        try c.encode(Timestamp.format(ms: updatedAtMs), forKey: .updatedAt)
        try c.encodeIfPresent(acknowledgedBy, forKey: .acknowledgedBy)
        try c.encodeIfPresent(acknowledgedAtMs.map { Timestamp.format(ms: $0) }, forKey: .acknowledgedAt)
        try c.encode(version, forKey: .version)
    }

    /// The published document as compact JSON with sorted keys: the payload of alert events.
    public var json: String { (try? StableJSON.text(of: self)) ?? "{}" }
}
