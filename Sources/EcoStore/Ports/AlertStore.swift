/// An alert as stored (the specification's Alert plus lifecycle fields).
public struct AlertRecord: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case pending, firing, acknowledged, resolved
    }

    /// UUID string.
    public var id: String
    /// `anomaly`, `threshold`, `hotspot` or `sensor` (stuck/dead sensor).
    public var alertType: String
    /// `climate`, `air_quality`, `biodiversity`, `ocean`, `carbon` …
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

    public init(id: String, alertType: String, domain: String, severity: String, title: String, description: String,
                h3Index: String?, geometryJSON: String?, validFromMs: Int64, validUntilMs: Int64?, metadataJSON: String,
                status: Status, dedupKey: String, isFlapping: Bool = false, organization: String = "",
                createdAtMs: Int64, updatedAtMs: Int64, acknowledgedBy: String? = nil, acknowledgedAtMs: Int64? = nil) {
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

/// Which alerts to list; nil fields do not filter. Newest `updatedAtMs` first, keyset-paged.
public struct AlertFilter: Sendable, Equatable {
    public var domains: Set<String>?
    public var severities: Set<String>?
    public var statuses: Set<AlertRecord.Status>?
    /// Alerts whose cell lies in one of these resolution-15 ranges (see H3 range helpers); a coarser
    /// alert cell counts by its centre resolution-15 descendant, and alerts without a cell never match.
    public var cellRanges: [ClosedRange<UInt64>]?
    /// Alerts valid at some time in [fromMs, toMs).
    public var fromMs: Int64?
    public var toMs: Int64?
    public var organizations: Set<String>?
    public var limit: Int
    /// Continue after this (updatedAtMs, id) position.
    public var after: (updatedAtMs: Int64, id: String)?

    public init(domains: Set<String>? = nil, severities: Set<String>? = nil, statuses: Set<AlertRecord.Status>? = nil,
                cellRanges: [ClosedRange<UInt64>]? = nil, fromMs: Int64? = nil, toMs: Int64? = nil,
                organizations: Set<String>? = nil, limit: Int = 100, after: (updatedAtMs: Int64, id: String)? = nil) {
        self.domains = domains
        self.severities = severities
        self.statuses = statuses
        self.cellRanges = cellRanges
        self.fromMs = fromMs
        self.toMs = toMs
        self.organizations = organizations
        self.limit = limit
        self.after = after
    }

    public static func == (lhs: AlertFilter, rhs: AlertFilter) -> Bool {
        lhs.domains == rhs.domains && lhs.severities == rhs.severities && lhs.statuses == rhs.statuses
            && lhs.cellRanges == rhs.cellRanges && lhs.fromMs == rhs.fromMs && lhs.toMs == rhs.toMs
            && lhs.organizations == rhs.organizations && lhs.limit == rhs.limit
            && lhs.after?.updatedAtMs == rhs.after?.updatedAtMs && lhs.after?.id == rhs.after?.id
    }
}

/// A point the detector flagged, as stored and listed by `GET /api/v1/anomalies`.
public struct AnomalyRecord: Sendable, Equatable, Codable {
    public var seriesId: Int64
    public var variable: String
    public var stationId: String
    public var h3Index: String
    public var timeMs: Int64
    public var value: Double?
    public var anomalyScore: Double
    public var baselineMean: Double?
    public var baselineStd: Double?
    /// The detector's anomaly kind (`spike`, `level_shift`, `stuck`, `gap` …).
    public var kind: String
    public var severity: String
    public var organization: String

    public init(seriesId: Int64, variable: String, stationId: String, h3Index: String, timeMs: Int64, value: Double?,
                anomalyScore: Double, baselineMean: Double?, baselineStd: Double?, kind: String, severity: String, organization: String = "") {
        self.seriesId = seriesId
        self.variable = variable
        self.stationId = stationId
        self.h3Index = h3Index
        self.timeMs = timeMs
        self.value = value
        self.anomalyScore = anomalyScore
        self.baselineMean = baselineMean
        self.baselineStd = baselineStd
        self.kind = kind
        self.severity = severity
        self.organization = organization
    }
}

/// A threshold rule as stored and edited through the API.
public struct AlertRuleRecord: Sendable, Equatable, Codable {
    /// UUID string.
    public var id: String
    public var name: String
    public var variable: String
    public var domain: String
    /// `above` or `below`.
    public var direction: String
    public var threshold: Double
    public var clearThreshold: Double?
    public var forMs: Int64
    public var keepFiringForMs: Int64
    public var severity: String
    public var enabled: Bool
    public var organization: String
    public var createdAtMs: Int64
    public var updatedAtMs: Int64

    public init(id: String, name: String, variable: String, domain: String, direction: String, threshold: Double,
                clearThreshold: Double?, forMs: Int64, keepFiringForMs: Int64, severity: String, enabled: Bool = true,
                organization: String = "", createdAtMs: Int64, updatedAtMs: Int64) {
        self.id = id
        self.name = name
        self.variable = variable
        self.domain = domain
        self.direction = direction
        self.threshold = threshold
        self.clearThreshold = clearThreshold
        self.forMs = forMs
        self.keepFiringForMs = keepFiringForMs
        self.severity = severity
        self.enabled = enabled
        self.organization = organization
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
    }
}

/// One change of an alert: the alert as it now is, the history entry that says what changed, and its event.
public struct AlertChange: Sendable {
    public var alert: AlertRecord
    public var entry: AlertHistoryEntry
    public var event: NewEvent

    public init(alert: AlertRecord, entry: AlertHistoryEntry, event: NewEvent) {
        self.alert = alert
        self.entry = entry
        self.event = event
    }
}

extension AlertStore {
    /// One alert change in its own transaction; returns its stored event.
    public func saveAlert(_ alert: AlertRecord, change: AlertHistoryEntry, event: NewEvent) async throws -> DomainEvent {
        try await record(alertChanges: [AlertChange(alert: alert, entry: change, event: event)], anomalies: [], anomalyEvents: [])[0]
    }

    /// Anomalies with one event each, in one transaction; returns the events.
    public func recordAnomalies(_ anomalies: [AnomalyRecord], events: [NewEvent]) async throws -> [DomainEvent] {
        try await record(alertChanges: [], anomalies: anomalies, anomalyEvents: events)
    }

    /// The open (not resolved) alert with this dedup key, if any.
    public func openAlert(dedupKey: String) async throws -> AlertRecord? {
        try await openAlerts(dedupKeys: [dedupKey])[dedupKey]
    }
}

/// Alerts with their full history, anomalies and threshold rules. Every write that changes an alert
/// or records anomalies appends the matching events to the ``EventLog`` in the same transaction.
public protocol AlertStore: Sendable {
    /// Writes, in one transaction: each alert change in order (the alert inserted or replaced by id, its
    /// history entry, its event), then the anomalies with their events. Returns the stored events in that
    /// order. A second open alert with the same dedup key is refused (a unique index) with
    /// `EcoError.conflict` and nothing is stored, so a race cannot duplicate one.
    func record(alertChanges: [AlertChange], anomalies: [AnomalyRecord], anomalyEvents: [NewEvent]) async throws -> [DomainEvent]
    func alert(id: String) async throws -> AlertRecord?
    /// The open (not resolved) alerts with these dedup keys, by key.
    func openAlerts(dedupKeys: Set<String>) async throws -> [String: AlertRecord]
    func alerts(_ filter: AlertFilter) async throws -> [AlertRecord]
    /// Status changes of one alert, oldest first.
    func alertHistory(id: String) async throws -> [AlertHistoryEntry]

    /// Anomalies newest first, optionally of one variable / in cell ranges / in [fromMs, toMs).
    func anomalies(variable: String?, cellRanges: [ClosedRange<UInt64>]?, fromMs: Int64?, toMs: Int64?,
                   organizations: Set<String>?, limit: Int) async throws -> [AnomalyRecord]

    func saveRule(_ rule: AlertRuleRecord) async throws
    func rule(id: String) async throws -> AlertRuleRecord?
    func rules() async throws -> [AlertRuleRecord]
    /// Returns false when no rule had that id.
    func deleteRule(id: String) async throws -> Bool
}
