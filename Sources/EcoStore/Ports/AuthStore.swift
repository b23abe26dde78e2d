/// A person's or program's role; what each role may do is decided in EcoServer (`RolePermissions`).
public enum Role: String, Sendable, CaseIterable, Codable {
    case viewer
    case analyst
    case contributor
    case admin
    case apiConsumer = "api_consumer"
}

/// Quota tier of a user; the rate limits per tier live in EcoServer (`RateLimitPolicy`).
public enum QuotaTier: String, Sendable, CaseIterable, Codable {
    case free
    case researcher
    case institutional
}

/// A user account. `id` is a UUID string; e-mail addresses are unique (case-insensitive: stored lower-cased).
public struct User: Sendable, Equatable, Codable {
    public var id: String
    public var email: String
    public var role: Role
    public var organization: String?
    public var tier: QuotaTier
    /// bcrypt hash (`$2b$…`) of the password, if the user may log in with one.
    public var passwordHash: String?
    public var createdAtMs: Int64
    /// A disabled user's keys and tokens are refused.
    public var disabled: Bool

    public init(id: String, email: String, role: Role, organization: String? = nil, tier: QuotaTier = .free,
                passwordHash: String? = nil, createdAtMs: Int64, disabled: Bool = false) {
        self.id = id
        self.email = email
        self.role = role
        self.organization = organization
        self.tier = tier
        self.passwordHash = passwordHash
        self.createdAtMs = createdAtMs
        self.disabled = disabled
    }
}

/// A stored API key: never the key itself, only the SHA-256 of its secret and its public lookup prefix.
public struct APIKeyRecord: Sendable, Equatable, Codable {
    public var id: String
    public var userID: String
    /// The public part of the key (`eco_<prefix>_…`), unique; used to find the record.
    public var prefix: String
    /// Lower-case hex SHA-256 of the whole key string.
    public var secretHash: String
    public var name: String
    public var createdAtMs: Int64
    public var expiresAtMs: Int64?
    public var lastUsedAtMs: Int64?
    public var revokedAtMs: Int64?

    public init(id: String, userID: String, prefix: String, secretHash: String, name: String, createdAtMs: Int64,
                expiresAtMs: Int64? = nil, lastUsedAtMs: Int64? = nil, revokedAtMs: Int64? = nil) {
        self.id = id
        self.userID = userID
        self.prefix = prefix
        self.secretHash = secretHash
        self.name = name
        self.createdAtMs = createdAtMs
        self.expiresAtMs = expiresAtMs
        self.lastUsedAtMs = lastUsedAtMs
        self.revokedAtMs = revokedAtMs
    }
}

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

/// Storage of users, API keys and the audit log.
public protocol AuthStore: Sendable {
    /// Stores a new user; an e-mail already in use is `EcoError.conflict`.
    func createUser(_ user: User) async throws
    func user(id: String) async throws -> User?
    func user(email: String) async throws -> User?
    /// Every user, by e-mail.
    func users() async throws -> [User]
    /// Number of users (the demo bootstrap creates its admin only into an empty table).
    func userCount() async throws -> Int
    func setPasswordHash(userID: String, hash: String?) async throws

    /// Stores a new key record.
    func createKey(_ key: APIKeyRecord) async throws
    /// The key with this lookup prefix, revoked or not.
    func key(prefix: String) async throws -> APIKeyRecord?
    func key(id: String) async throws -> APIKeyRecord?
    /// Keys of one user, or of everyone when `userID` is nil, newest first.
    func keys(userID: String?) async throws -> [APIKeyRecord]
    /// Marks the key revoked; false when there is no such key or it was already revoked.
    func revokeKey(id: String, atMs: Int64) async throws -> Bool
    /// Records that the key was used (callers throttle this; it is a write).
    func touchKey(id: String, atMs: Int64) async throws

    /// Appends an entry and returns its id.
    @discardableResult
    func appendAudit(_ entry: AuditEntry) async throws -> Int64
    /// Entries newest first, older than `before` when given.
    func audit(before id: Int64?, limit: Int) async throws -> [AuditEntry]
}
