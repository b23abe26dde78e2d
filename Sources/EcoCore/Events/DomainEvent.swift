/// Topic names of the domain event log (the specification's Kafka topics).
public enum EventTopic {
    /// A batch of observations was stored; written in the insert's transaction (payload: ``IngestEventPayload``).
    public static let ingestObservations = "ecotrack.ingest.observations"
    /// The detector flagged a point (payload: an ``AnomalyRecord`` as JSON).
    public static let anomalyDetected = "ecotrack.climate.anomaly-detected"
    /// An alert was opened (payload: the alert as the API shows it).
    public static let alertCreated = "ecotrack.alert.created"
    /// An alert changed status, severity or flapping state (payload: the alert as the API shows it).
    public static let alertUpdated = "ecotrack.alert.updated"
    /// A threshold rule was created, changed or deleted (payload: `{"ruleId": …}`); detection re-reads
    /// its rules when one passes, in whatever process it runs.
    public static let alertRuleChanged = "ecotrack.alert.rule-changed"
}

/// A domain event to append: the log assigns its offset.
public struct NewEvent: Sendable, Equatable {
    public var topic: String
    /// Partition key: the H3 resolution-3 cell (15-hex string) for spatial events, else a natural id.
    public var key: String?
    /// When the event happened, ms since the epoch.
    public var timeMs: Int64
    /// The event body, a JSON document.
    public var payloadJSON: String

    public init(topic: String, key: String?, timeMs: Int64, payloadJSON: String) {
        self.topic = topic
        self.key = key
        self.timeMs = timeMs
        self.payloadJSON = payloadJSON
    }
}

/// An event as stored, with its offset: offsets increase strictly in commit order and are never reused.
public struct DomainEvent: Sendable, Equatable {
    public var offset: Int64
    public var topic: String
    public var key: String?
    public var timeMs: Int64
    public var payloadJSON: String

    public init(offset: Int64, topic: String, key: String?, timeMs: Int64, payloadJSON: String) {
        self.offset = offset
        self.topic = topic
        self.key = key
        self.timeMs = timeMs
        self.payloadJSON = payloadJSON
    }
}

extension NewEvent {
    /// The event a rule store appends with every change of the rule `id`, made at `atMs`.
    public static func ruleChanged(_ id: String, atMs: Int64) -> NewEvent {
        NewEvent(topic: EventTopic.alertRuleChanged, key: id, timeMs: atMs, payloadJSON: JSONValue.object(["ruleId": .string(id)]).text)
    }
}
