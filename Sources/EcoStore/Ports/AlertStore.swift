import EcoCore

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

/// One change of an alert: the alert as it now is (its `version` one more than the stored one, or 1 for a
/// new alert), the history entry that says what changed, and its event.
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

/// Alerts with their full history, and anomalies. Every write that changes an alert or records
/// anomalies appends the matching events to the ``EventLog`` in the same transaction.
public protocol AlertStore: Sendable {
    /// Writes, in one transaction: each alert change in order (its history entry, its event), then the
    /// anomalies with their events. Returns the stored events in that order. Nothing is stored when:
    /// - a change's alert has version 1 but the id exists, or version n > 1 but the stored alert is not at
    ///   version n − 1 (another writer changed it first): ``AlertVersionConflict`` with the stored alert;
    /// - a second open alert would share a dedup key (a unique index): `EcoError.conflict`.
    /// So concurrent writers, in one process or many, never overwrite each other or duplicate an alert.
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
}

/// Threshold rules, as edited through the API. Every change (save or delete) appends an
/// ``EventTopic/alertRuleChanged`` event in its transaction, so processes that cache rules know to
/// read them again.
public protocol AlertRuleStore: Sendable {
    /// Inserts the rule, or replaces the one with the same id.
    func saveRule(_ rule: AlertRuleRecord) async throws
    func rule(id: String) async throws -> AlertRuleRecord?
    func rules() async throws -> [AlertRuleRecord]
    /// Returns false when no rule had that id.
    func deleteRule(id: String) async throws -> Bool
}
