import EcoCore

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
    /// Appends entries in one transaction, in order, and returns their ids.
    @discardableResult
    func appendAudit(_ entries: [AuditEntry]) async throws -> [Int64]
    /// Entries newest first, older than `before` when given.
    func audit(before id: Int64?, limit: Int) async throws -> [AuditEntry]
}
