/// One audit record: who did what, when, from where, and how it ended.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// Assigned by the store, increasing; 0 before it is stored.
    public var id: Int64
    public var atMs: Int64
    /// User id, `metrics`, or `anonymous`.
    public var actor: String
    /// Readable actor (the user's e-mail) at the time of the action.
    public var actorEmail: String?
    /// What was attempted: `POST /api/v1/observations`, `login`, `key.create`, `user.create` …
    public var action: String
    /// What it was done to (a key id, a user's e-mail …), when there is one.
    public var target: String?
    public var clientIP: String?
    /// `success`, `denied`, `failure` or an HTTP status such as `422`.
    public var outcome: String
    public var detail: String?

    public init(id: Int64 = 0, atMs: Int64, actor: String, actorEmail: String? = nil, action: String, target: String? = nil,
                clientIP: String? = nil, outcome: String, detail: String? = nil) {
        self.id = id
        self.atMs = atMs
        self.actor = actor
        self.actorEmail = actorEmail
        self.action = action
        self.target = target
        self.clientIP = clientIP
        self.outcome = outcome
        self.detail = detail
    }
}
