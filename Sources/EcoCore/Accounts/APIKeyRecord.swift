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
