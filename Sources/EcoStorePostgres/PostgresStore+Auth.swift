import EcoCore
import EcoStore
import PostgresNIO

extension PostgresStore: AuthStore {
    static let userColumns = "id, email, role, organization, tier, password_hash, created_at, disabled"
    private static let keyColumns = "id, user_id, prefix, secret_hash, name, created_at, expires_at, last_used_at, revoked_at"
    private static let auditColumns = "id, at, actor, actor_email, action, target, client_ip, outcome, detail"

    public func createUser(_ user: User) async throws {
        let inserted = try await database.rows("""
            INSERT INTO users (\(unescaped: Self.userColumns)) VALUES (\(user.id), \(user.email.lowercased()), \(user.role.rawValue),
                \(user.organization), \(user.tier.rawValue), \(user.passwordHash), \(user.createdAtMs), \(user.disabled))
            ON CONFLICT (email) DO NOTHING RETURNING 1
            """)
        if inserted.isEmpty { throw EcoError.conflict("A user with e-mail \(user.email) already exists; choose another address.") }
    }

    public func user(id: String) async throws -> User? {
        try await database.rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id)", Self.readUser).first
    }

    public func user(email: String) async throws -> User? {
        try await database.rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE email = \(email.lowercased())", Self.readUser).first
    }

    public func users() async throws -> [User] {
        try await database.rows("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY email", Self.readUser)
    }

    public func userCount() async throws -> Int {
        Int(try await database.rows("SELECT count(*) FROM users") { try $0.decode(Int64.self) }.first ?? 0)
    }

    public func setPasswordHash(userID: String, hash: String?) async throws {
        let updated = try await database.rows("UPDATE users SET password_hash = \(hash) WHERE id = \(userID) RETURNING 1")
        if updated.isEmpty { throw EcoError.notFound("No user has id \(userID).") }
    }

    public func createKey(_ key: APIKeyRecord) async throws {
        try await database.execute(Self.insert(key))
    }

    public func key(prefix: String) async throws -> APIKeyRecord? {
        try await database.rows("SELECT \(unescaped: Self.keyColumns) FROM api_keys WHERE prefix = \(prefix)", Self.readKey).first
    }

    public func key(id: String) async throws -> APIKeyRecord? {
        try await database.rows("SELECT \(unescaped: Self.keyColumns) FROM api_keys WHERE id = \(id)", Self.readKey).first
    }

    public func keys(userID: String?) async throws -> [APIKeyRecord] {
        try await database.rows("""
            SELECT \(unescaped: Self.keyColumns) FROM api_keys WHERE \(userID)::text IS NULL OR user_id = \(userID) ORDER BY created_at DESC, id
            """, Self.readKey)
    }

    public func revokeKey(id: String, atMs: Int64) async throws -> Bool {
        try await !database.rows("UPDATE api_keys SET revoked_at = \(atMs) WHERE id = \(id) AND revoked_at IS NULL RETURNING 1").isEmpty
    }

    public func touchKey(id: String, atMs: Int64) async throws {
        try await database.execute("UPDATE api_keys SET last_used_at = \(atMs) WHERE id = \(id)")
    }

    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> Int64 {
        try await appendAudit([entry]).first ?? 0
    }

    public func appendAudit(_ entries: [AuditEntry]) async throws -> [Int64] {
        guard !entries.isEmpty else { return [] }
        return try await database.transaction { connection in
            var ids: [Int64] = []
            for entry in entries {
                let row = try await connection.collect("""
                    INSERT INTO audit_log (at, actor, actor_email, action, target, client_ip, outcome, detail)
                    VALUES (\(entry.atMs), \(entry.actor), \(entry.actorEmail), \(entry.action), \(entry.target), \(entry.clientIP),
                            \(entry.outcome), \(entry.detail))
                    RETURNING id
                    """, logger: database.logger)
                ids.append(try row.first?.decode(Int64.self) ?? 0)
            }
            return ids
        }
    }

    public func audit(before id: Int64?, limit: Int) async throws -> [AuditEntry] {
        try await database.rows("""
            SELECT \(unescaped: Self.auditColumns) FROM audit_log WHERE id < \(id ?? Int64.max) ORDER BY id DESC LIMIT \(limit)
            """) { row in
            let (id, at, actor, email, action, target, ip, outcome, detail) =
                try row.decode((Int64, Int64, String, String?, String, String?, String?, String, String?).self)
            return AuditEntry(id: id, atMs: at, actor: actor, actorEmail: email, action: action, target: target, clientIP: ip,
                              outcome: outcome, detail: detail)
        }
    }

    /// The statement storing a new key record (`createKey`, and `rotateKey` inside its transaction).
    static func insert(_ key: APIKeyRecord) -> PostgresQuery {
        """
        INSERT INTO api_keys (\(unescaped: keyColumns)) VALUES (\(key.id), \(key.userID), \(key.prefix), \(key.secretHash), \(key.name),
            \(key.createdAtMs), \(key.expiresAtMs), \(key.lastUsedAtMs), \(key.revokedAtMs))
        """
    }

    static func readUser(_ row: PostgresRow) throws -> User {
        let (id, email, roleName, organization, tierName, hash, created, disabled) =
            try row.decode((String, String, String, String?, String, String?, Int64, Bool).self)
        guard let role = Role(rawValue: roleName), let tier = QuotaTier(rawValue: tierName) else {
            throw EcoError.storage("user \(id) has an unknown role '\(roleName)' or tier '\(tierName)'")
        }
        return User(id: id, email: email, role: role, organization: organization, tier: tier, passwordHash: hash, createdAtMs: created,
                    disabled: disabled)
    }

    private static func readKey(_ row: PostgresRow) throws -> APIKeyRecord {
        let (id, user, prefix, hash, name, created, expires, used, revoked) =
            try row.decode((String, String, String, String, String, Int64, Int64?, Int64?, Int64?).self)
        return APIKeyRecord(id: id, userID: user, prefix: prefix, secretHash: hash, name: name, createdAtMs: created, expiresAtMs: expires,
                            lastUsedAtMs: used, revokedAtMs: revoked)
    }
}
