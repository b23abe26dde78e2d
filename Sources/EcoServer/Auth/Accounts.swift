import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import HummingbirdBcrypt

/// Users, keys and password logins: the logic behind `/api/v1/users`, `/api/v1/keys`,
/// `/api/v1/auth/login` and `ecotrack users|keys`.
public struct Accounts: Sendable {
    let store: any AuthStore
    let tokens: SessionTokens
    /// bcrypt work factor for new hashes: 12 is 2^12 rounds, a few hundred milliseconds per check
    /// (tests use less; a stored hash carries its own cost).
    let bcryptCost: UInt8
    let clock: WallClock
    /// Forgotten whenever an account changes, so a revoked key stops working in this process at once.
    let credentials: CredentialCache

    public init(store: any AuthStore, tokens: SessionTokens, bcryptCost: UInt8 = 12, clock: WallClock = .system,
                credentials: CredentialCache = CredentialCache()) {
        self.credentials = credentials
        self.store = store
        self.tokens = tokens
        self.bcryptCost = bcryptCost
        self.clock = clock
    }
    /// bcrypt reads only the first 72 bytes, so longer passwords are refused rather than truncated silently.
    static let passwordBytes = 12...72

    /// A new user with a first API key (shown once).
    public func createUser(email: String, role: Role, organization: String? = nil, tier: QuotaTier = .free, password: String? = nil,
                           keyName: String = "initial", now: Date? = nil) async throws -> (user: User, key: APIKeyFormat.Generated, record: APIKeyRecord) {
        let now = now ?? clock.now
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        try Self.validate(email: email)
        if let organization, organization.count > 200 { throw EcoError.invalidArgument("organization is longer than 200 characters.") }
        var hash: String?
        if let password { hash = try await Self.hash(password, cost: bcryptCost) }
        let user = User(id: UUID().uuidString.lowercased(), email: email, role: role, organization: organization, tier: tier,
                        passwordHash: hash, createdAtMs: Self.ms(now))
        if let organization, !organization.isEmpty, try await store.organization(id: organization) == nil {
            // Every organization a user names is a record admins can list, rename and disable (issue #21).
            do { try await store.createOrganization(Organization(id: organization, name: organization, createdAtMs: Self.ms(now))) } catch EcoError.conflict {}
        }
        try await store.createUser(user)
        let (key, record) = try await createKey(for: user.id, name: keyName, expiresAt: nil, now: now)
        return (user, key, record)
    }

    /// A new key for `userID`; the key string is in the result only.
    public func createKey(for userID: String, name: String, expiresAt: Date?, now: Date? = nil) async throws -> (APIKeyFormat.Generated, APIKeyRecord) {
        let now = now ?? clock.now
        let name = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.count) else { throw EcoError.invalidArgument("A key name must have 1 to 100 characters.") }
        if let expiresAt, expiresAt <= now { throw EcoError.invalidArgument("A key's expiry must be in the future.") }
        guard try await store.user(id: userID) != nil else { throw EcoError.notFound("No user has id \(userID).") }
        let key = APIKeyFormat.generate()
        let record = APIKeyRecord(id: UUID().uuidString.lowercased(), userID: userID, prefix: key.prefix, secretHash: key.hash, name: name,
                                  createdAtMs: Self.ms(now), expiresAtMs: expiresAt.map(Self.ms))
        try await store.createKey(record)
        return (key, record)
    }

    /// Revokes `keyID` on behalf of `actor`: its owner or an admin.
    public func revokeKey(_ keyID: String, by actor: User?, now: Date? = nil) async throws {
        let now = now ?? clock.now
        guard let record = try await store.key(id: keyID), actor == nil || actor?.role == .admin || record.userID == actor?.id else {
            throw EcoError.notFound("No key with id \(keyID) belongs to you; GET /api/v1/keys lists yours.")
        }
        defer { credentials.forgetAll() }
        guard try await store.revokeKey(id: keyID, atMs: Self.ms(now)) else {
            throw EcoError.conflict("Key \(keyID) is already revoked.")
        }
    }

    /// Sets a password; the current one must be given when one is set.
    public func setPassword(for user: User, current: String?, new password: String) async throws {
        if let existing = user.passwordHash {
            guard let current, await Self.verify(current, hash: existing) else {
                throw EcoError.invalidArgument("currentPassword is missing or wrong.")
            }
        }
        try await store.setPasswordHash(userID: user.id, hash: try await Self.hash(password, cost: bcryptCost))
        credentials.forgetAll()
    }

    /// A session token for a correct e-mail and password, nil otherwise (one answer for both
    /// wrong cases, and the same bcrypt work, so callers cannot tell which accounts exist).
    public func login(email: String, password: String) async throws -> (user: User, token: String, expiresAt: Date)? {
        let user = try await store.user(email: email.trimmingCharacters(in: .whitespaces).lowercased())
        let hash = user?.passwordHash ?? Self.decoyHash
        let matches = await Self.verify(password, hash: hash)
        guard let user, user.passwordHash != nil, matches, !user.disabled else { return nil }
        let (token, expiresAt) = try await tokens.issue(userID: user.id)
        return (user, token, expiresAt)
    }

    // MARK: - Helpers

    static func validate(email: String) throws {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(where: \.isWhitespace) else {
            throw EcoError.invalidArgument("'\(email.prefix(80))' is not an e-mail address.")
        }
    }

    static func hash(_ password: String, cost: UInt8) async throws -> String {
        guard passwordBytes.contains(password.utf8.count) else {
            throw EcoError.invalidArgument("A password must be \(passwordBytes.lowerBound) to \(passwordBytes.upperBound) bytes long.")
        }
        // bcrypt takes hundreds of milliseconds: keep it off Swift's cooperative threads.
        return await offPool { Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String) async -> Bool {
        guard password.utf8.count <= passwordBytes.upperBound else { return false }
        return await offPool { Bcrypt.verify(password, hash: hash) }
    }

    /// Runs blocking work on a GCD thread.
    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }

    /// A valid bcrypt hash of nothing anyone knows, checked when the e-mail is unknown.
    static let decoyHash = Bcrypt.hash(String(APIKeyFormat.generate().key.prefix(60)), cost: 12)

    static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
