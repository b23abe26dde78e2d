import EcoCore

/// Storage of users, organizations, API keys and the audit log.
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
    /// Stores `replacement` and retires the key `id` of the same user in one transaction: the old key is
    /// revoked at `replacement.createdAtMs` when `retireAtMs` is nil, otherwise its expiry is brought forward
    /// to `retireAtMs` (never extended). False, with nothing stored, when no unrevoked key `id` of
    /// `replacement.userID` exists.
    func rotateKey(id: String, replacement: APIKeyRecord, retireAtMs: Int64?) async throws -> Bool

    /// Stores a new organization; an id already in use is `EcoError.conflict`.
    func createOrganization(_ organization: Organization) async throws
    func organization(id: String) async throws -> Organization?
    /// Every organization, by id.
    func organizations() async throws -> [Organization]
    /// Saves the name and disabled time of the organization with this id; `EcoError.notFound` when there is none.
    func updateOrganization(_ organization: Organization) async throws
    /// Deletes an organization; false when there is none, `EcoError.conflict` while users belong to it.
    func deleteOrganization(id: String) async throws -> Bool
    /// The users whose organization is `organizationID`, by e-mail.
    func users(organization organizationID: String) async throws -> [User]
    /// Sets a user's organization (nil: none) and role; `EcoError.notFound` when there is no such user.
    func setMembership(userID: String, organization: String?, role: Role) async throws

    /// Appends an entry and returns its id.
    @discardableResult
    func appendAudit(_ entry: AuditEntry) async throws -> Int64
    /// Appends entries in one transaction, in order, and returns their ids.
    @discardableResult
    func appendAudit(_ entries: [AuditEntry]) async throws -> [Int64]
    /// Entries newest first, older than `before` when given.
    func audit(before id: Int64?, limit: Int) async throws -> [AuditEntry]
}
