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
