import EcoCore
import EcoStore
import Foundation

extension SQLiteStore: AuthStore {
    static let userColumns = "id, email, role, organization, tier, password_hash, created_at, disabled"
    private static let keyColumns = "id, user_id, prefix, secret_hash, name, created_at, expires_at, last_used_at, revoked_at"
    private static let auditColumns = "id, at, actor, actor_email, action, target, client_ip, outcome, detail"

    public func createUser(_ user: User) async throws {
        try await writer.submit { db in
            let existing = try db.statement("SELECT 1 FROM users WHERE email = ?")
            existing.bind(1, user.email.lowercased())
            let taken = try existing.step()
            existing.reset()
            if taken { throw EcoError.conflict("A user with e-mail \(user.email) already exists; choose another address.") }
            let insert = try db.statement("INSERT INTO users (\(Self.userColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            insert.bind(1, user.id).bind(2, user.email.lowercased()).bind(3, user.role.rawValue).bind(4, user.organization)
                .bind(5, user.tier.rawValue).bind(6, user.passwordHash).bind(7, user.createdAtMs).bind(8, Int64(user.disabled ? 1 : 0))
            try insert.run()
            return ((), afterCommit: nil)
        }
    }

    public func user(id: String) async throws -> User? {
        try await readers.read { db in
            try Self.all(db.statement("SELECT \(Self.userColumns) FROM users WHERE id = ?").bind(1, id), Self.readUser).first
        }
    }

    public func user(email: String) async throws -> User? {
        let email = email.lowercased()
        return try await readers.read { db in
            try Self.all(db.statement("SELECT \(Self.userColumns) FROM users WHERE email = ?").bind(1, email), Self.readUser).first
        }
    }

    public func users() async throws -> [User] {
        try await readers.read { db in try Self.all(db.statement("SELECT \(Self.userColumns) FROM users ORDER BY email"), Self.readUser) }
    }

    public func userCount() async throws -> Int {
        try await readers.read { db in try Self.all(db.statement("SELECT COUNT(*) FROM users")) { Int($0.int64(0)) }.first ?? 0 }
    }

    public func setPasswordHash(userID: String, hash: String?) async throws {
        try await writer.submit { db in
            let update = try db.statement("UPDATE users SET password_hash = ? WHERE id = ?")
            update.bind(1, hash).bind(2, userID)
            try update.run()
            if db.changes == 0 { throw EcoError.notFound("No user has id \(userID).") }
            return ((), afterCommit: nil)
        }
    }

    public func createKey(_ key: APIKeyRecord) async throws {
        try await writer.submit { db in
            try Self.insert(key, into: db)
            return ((), afterCommit: nil)
        }
    }

    public func key(prefix: String) async throws -> APIKeyRecord? {
        try await readers.read { db in
            try Self.all(db.statement("SELECT \(Self.keyColumns) FROM api_keys WHERE prefix = ?").bind(1, prefix), Self.readKey).first
        }
    }

    public func key(id: String) async throws -> APIKeyRecord? {
        try await readers.read { db in
            try Self.all(db.statement("SELECT \(Self.keyColumns) FROM api_keys WHERE id = ?").bind(1, id), Self.readKey).first
        }
    }

    public func keys(userID: String?) async throws -> [APIKeyRecord] {
        try await readers.read { db in
            if let userID {
                return try Self.all(db.statement("SELECT \(Self.keyColumns) FROM api_keys WHERE user_id = ? ORDER BY created_at DESC, id")
                    .bind(1, userID), Self.readKey)
            }
            return try Self.all(db.statement("SELECT \(Self.keyColumns) FROM api_keys ORDER BY created_at DESC, id"), Self.readKey)
        }
    }

    public func revokeKey(id: String, atMs: Int64) async throws -> Bool {
        try await writer.submit { db in
            let update = try db.statement("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            update.bind(1, atMs).bind(2, id)
            try update.run()
            return (db.changes > 0, afterCommit: nil)
        }
    }

    public func touchKey(id: String, atMs: Int64) async throws {
        try await writer.submit { db in
            let update = try db.statement("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
            update.bind(1, atMs).bind(2, id)
            try update.run()
            return ((), afterCommit: nil)
        }
    }

    public func rotateKey(id: String, replacement: APIKeyRecord, retireAtMs: Int64?) async throws -> Bool {
        try await writer.submit { db in
            let retire = try db.statement(retireAtMs == nil
                ? "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL"
                : "UPDATE api_keys SET expires_at = MIN(COALESCE(expires_at, ?1), ?1) WHERE id = ?2 AND user_id = ?3 AND revoked_at IS NULL")
            retire.bind(1, retireAtMs ?? replacement.createdAtMs).bind(2, id).bind(3, replacement.userID)
            try retire.run()
            guard db.changes > 0 else { return (false, afterCommit: nil) }
            try Self.insert(replacement, into: db)
            return (true, afterCommit: nil)
        }
    }

    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> Int64 {
        try await appendAudit([entry]).first ?? 0
    }

    public func appendAudit(_ entries: [AuditEntry]) async throws -> [Int64] {
        guard !entries.isEmpty else { return [] }
        return try await writer.submit { db in
            let insert = try db.statement("""
                INSERT INTO audit_log (at, actor, actor_email, action, target, client_ip, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id
                """)
            var ids: [Int64] = []
            ids.reserveCapacity(entries.count)
            for entry in entries {
                insert.bind(1, entry.atMs).bind(2, entry.actor).bind(3, entry.actorEmail).bind(4, entry.action).bind(5, entry.target)
                    .bind(6, entry.clientIP).bind(7, entry.outcome).bind(8, entry.detail)
                ids.append(try Self.all(insert) { $0.int64(0) }.first ?? 0)
            }
            return (ids, afterCommit: nil)
        }
    }

    public func audit(before id: Int64?, limit: Int) async throws -> [AuditEntry] {
        try await readers.read { db in
            let query = try db.statement("SELECT \(Self.auditColumns) FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?")
            query.bind(1, id ?? Int64.max).bind(2, Int64(limit))
            return try Self.all(query, Self.readAudit)
        }
    }

    // MARK: - Rows

    private static func insert(_ key: APIKeyRecord, into db: SQLiteConnection) throws {
        let insert = try db.statement("INSERT INTO api_keys (\(keyColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        insert.bind(1, key.id).bind(2, key.userID).bind(3, key.prefix).bind(4, key.secretHash).bind(5, key.name)
            .bind(6, key.createdAtMs).bindOptional(7, key.expiresAtMs).bindOptional(8, key.lastUsedAtMs).bindOptional(9, key.revokedAtMs)
        try insert.run()
    }

    /// Every row of `statement`, then a reset: a statement left mid-result would keep the reader's
    /// snapshot open, and a later read on the same connection could miss a revocation.
    static func all<T>(_ statement: SQLiteStatement, _ read: (SQLiteStatement) throws -> T) throws -> [T] {
        defer { statement.reset() }
        var result: [T] = []
        while try statement.step() { result.append(try read(statement)) }
        return result
    }

    static func readUser(_ row: SQLiteStatement) throws -> User {
        guard let role = Role(rawValue: row.string(2)), let tier = QuotaTier(rawValue: row.string(4)) else {
            throw EcoError.storage("user \(row.string(0)) has an unknown role '\(row.string(2))' or tier '\(row.string(4))'")
        }
        return User(id: row.string(0), email: row.string(1), role: role, organization: row.optionalString(3), tier: tier,
                    passwordHash: row.optionalString(5), createdAtMs: row.int64(6), disabled: row.int64(7) != 0)
    }

    private static func readKey(_ row: SQLiteStatement) -> APIKeyRecord {
        APIKeyRecord(id: row.string(0), userID: row.string(1), prefix: row.string(2), secretHash: row.string(3), name: row.string(4),
                     createdAtMs: row.int64(5), expiresAtMs: row.optionalInt64(6), lastUsedAtMs: row.optionalInt64(7),
                     revokedAtMs: row.optionalInt64(8))
    }

    private static func readAudit(_ row: SQLiteStatement) -> AuditEntry {
        AuditEntry(id: row.int64(0), atMs: row.int64(1), actor: row.string(2), actorEmail: row.optionalString(3), action: row.string(4),
                   target: row.optionalString(5), clientIP: row.optionalString(6), outcome: row.string(7), detail: row.optionalString(8))
    }
}

extension SQLiteStatement {
    @discardableResult
    func bindOptional(_ index: Int32, _ value: Int64?) -> Self {
        if let value { return bind(index, value) }
        return bind(index, nil as String?)
    }

    func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
}
