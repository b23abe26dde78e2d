/// A registered webhook: where alert events are POSTed, the secret they are signed with, and
/// which events it wants.
public struct WebhookRecord: Sendable, Equatable, Codable {
    /// The topics a webhook gets when it names none: every alert change.
    public static let defaultTopics = [EventTopic.alertCreated, EventTopic.alertUpdated]

    /// UUID string.
    public var id: String
    /// Absolute http(s) URL the events are POSTed to.
    public var url: String
    /// Shared secret of the HMAC-SHA256 signature. Kept in clear text because signing needs it;
    /// the API never returns it after registration.
    public var secret: String
    /// Event topics delivered (``EventTopic`` names).
    public var topics: [String]
    /// Only alerts of these domains; nil for every domain.
    public var domains: [String]?
    /// Only alerts of these severities; nil for every severity.
    public var severities: [String]?
    public var enabled: Bool
    /// Organization of the admin who registered it ("" = none).
    public var organization: String
    public var createdAtMs: Int64
    /// User id of the admin who registered it.
    public var createdBy: String

    public init(id: String, url: String, secret: String, topics: [String] = WebhookRecord.defaultTopics, domains: [String]? = nil,
                severities: [String]? = nil, enabled: Bool = true, organization: String = "", createdAtMs: Int64, createdBy: String) {
        self.id = id
        self.url = url
        self.secret = secret
        self.topics = topics
        self.domains = domains
        self.severities = severities
        self.enabled = enabled
        self.organization = organization
        self.createdAtMs = createdAtMs
        self.createdBy = createdBy
    }

    /// The name under which the webhook's position in the event log is committed.
    public var consumerName: String { "webhook:\(id)" }
}

/// One attempt to deliver one event to one webhook, as kept in the delivery log.
public struct WebhookDelivery: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// The receiver answered 2xx.
        case delivered
        /// The attempt failed and will be retried.
        case failed
        /// The attempt failed and was the last one: the event is skipped.
        case gaveUp = "gave_up"
    }

    public var webhookID: String
    /// Offset of the event in the event log.
    public var eventOffset: Int64
    /// 1 for the first attempt at this event.
    public var attempt: Int
    public var status: Status
    /// The receiver's HTTP status, when it answered.
    public var httpStatus: Int?
    /// Why the attempt failed (connection refused, timeout, status …).
    public var error: String?
    public var durationMs: Int64
    /// When the attempt started, ms since the epoch.
    public var atMs: Int64

    public init(webhookID: String, eventOffset: Int64, attempt: Int, status: Status, httpStatus: Int? = nil, error: String? = nil,
                durationMs: Int64, atMs: Int64) {
        self.webhookID = webhookID
        self.eventOffset = eventOffset
        self.attempt = attempt
        self.status = status
        self.httpStatus = httpStatus
        self.error = error
        self.durationMs = durationMs
        self.atMs = atMs
    }
}
