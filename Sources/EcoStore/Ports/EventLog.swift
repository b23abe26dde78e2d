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

/// How long events are kept: events appended more than `maxAgeMs` ago (by the store's clock at append,
/// not the event's own `timeMs`, which may lie in the past) or beyond the newest `maxEvents` are
/// deleted. Pruning only ever removes the oldest offsets, so the log stays a contiguous suffix.
public struct EventRetention: Sendable, Equatable {
    public var maxAgeMs: Int64?
    public var maxEvents: Int?

    public init(maxAgeMs: Int64? = 7 * 86_400_000, maxEvents: Int? = 10_000_000) {
        self.maxAgeMs = maxAgeMs
        self.maxEvents = maxEvents
    }
}

/// The append-only log of domain events, with named consumers (the storage port behind event
/// replay, live streams, detection and webhooks).
public protocol EventLog: Sendable {
    /// Appends events in one transaction and returns them with their offsets once committed.
    func appendEvents(_ events: [NewEvent]) async throws -> [DomainEvent]
    /// Events with an offset greater than `offset`, oldest first; only `topics` when given.
    func events(after offset: Int64, topics: Set<String>?, limit: Int) async throws -> [DomainEvent]
    /// The offset of the newest event (0 when the log is empty).
    func latestEventOffset() async throws -> Int64
    /// The offset a consumer has processed up to; nil for a consumer never seen.
    func consumerOffset(_ consumer: String) async throws -> Int64?
    /// Records that `consumer` has processed every event up to `offset`.
    func commitConsumerOffset(_ consumer: String, offset: Int64) async throws
    /// Every consumer with its committed offset, by name.
    func consumerOffsets() async throws -> [String: Int64]
    /// Deletes events the retention policy no longer keeps; returns how many. Consumer offsets are not
    /// consulted: a consumer further behind than the retention resumes at the oldest kept event.
    func pruneEvents(_ retention: EventRetention, nowMs: Int64) async throws -> Int
    /// Returns as soon as an event with an offset greater than `offset` is committed (at once when one
    /// already is), with the newest offset. No polling: commits wake the waiters. Throws on cancellation.
    func waitForEvents(after offset: Int64) async throws -> Int64
}

/// The payload of an ``EventTopic/ingestObservations`` event: what one insert changed in one
/// resolution-3 cell, per series, so consumers can read the new points back.
public struct IngestEventPayload: Codable, Sendable, Equatable {
    public struct SeriesRange: Codable, Sendable, Equatable {
        public var seriesId: Int64
        public var variable: String
        /// The series' cell, 15-hex H3 string.
        public var h3Index: String
        /// Earliest and latest time written by the insert, ms.
        public var fromMs: Int64
        public var toMs: Int64
        /// Values written (inserted or replaced).
        public var count: Int

        public init(seriesId: Int64, variable: String, h3Index: String, fromMs: Int64, toMs: Int64, count: Int) {
            self.seriesId = seriesId
            self.variable = variable
            self.h3Index = h3Index
            self.fromMs = fromMs
            self.toMs = toMs
            self.count = count
        }
    }

    public var series: [SeriesRange]

    public init(series: [SeriesRange]) { self.series = series }
}
