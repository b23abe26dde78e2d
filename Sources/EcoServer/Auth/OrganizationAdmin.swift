import EcoCore
import EcoStore
import Foundation

/// Organizations, their members and roles, and API key rotation: the logic behind `/api/v1/organizations`
/// and `POST /api/v1/keys/{id}/rotate` (issue #21). Every change that alters what a credential may do
/// forgets the recently checked credentials, so it applies to the next request.
public struct OrganizationAdmin: Sendable {
    let store: any AuthStore
    let clock: WallClock
    let credentials: CredentialCache

    public init(store: any AuthStore, clock: WallClock = .system, credentials: CredentialCache = CredentialCache()) {
        self.store = store
        self.clock = clock
        self.credentials = credentials
    }

    /// Longest grace time a rotated key keeps working (30 days).
    static let maxGraceSeconds = 30 * 86_400

    /// A new organization. Ids are what series, webhooks and tokens carry: lower-case letters, digits, `.`, `_`, `-`.
    public func create(id: String, name: String) async throws -> Organization {
        try Self.validate(id: id)
        let organization = Organization(id: id, name: try Self.validate(name: name), createdAtMs: clock.nowMs())
        try await store.createOrganization(organization)
        return organization
    }

    /// The organization `id`, or `EcoError.notFound`.
    public func organization(_ id: String) async throws -> Organization {
        guard let organization = try await store.organization(id: id) else {
            throw EcoError.notFound("No organization has id \(id); GET /api/v1/organizations lists them.")
        }
        return organization
    }

    /// Renames the organization, and disables it (its members are refused from the next request) or enables it.
    public func update(_ id: String, name: String, disabled: Bool) async throws -> Organization {
        var organization = try await organization(id)
        organization.name = try Self.validate(name: name)
        if disabled != organization.isDisabled { organization.disabledAtMs = disabled ? clock.nowMs() : nil }
        try await store.updateOrganization(organization)
        credentials.forgetAll()
        return organization
    }

    /// Deletes an organization without members.
    public func delete(_ id: String) async throws {
        guard try await store.deleteOrganization(id: id) else {
            throw EcoError.notFound("No organization has id \(id); GET /api/v1/organizations lists them.")
        }
    }

    /// The members of organization `id`, by e-mail.
    public func members(_ id: String) async throws -> [User] {
        _ = try await organization(id)
        return try await store.users(organization: id)
    }

    /// Makes user `userID` a member of organization `id` with `role` (moving them from another organization).
    public func setMember(_ id: String, userID: String, role: Role) async throws -> User {
        _ = try await organization(id)
        var user = try await user(userID)
        try await store.setMembership(userID: user.id, organization: id, role: role)
        credentials.forgetAll()
        user.organization = id
        user.role = role
        return user
    }

    /// Removes user `userID` from organization `id`; their role is kept.
    public func removeMember(_ id: String, userID: String) async throws -> User {
        var user = try await user(userID)
        guard user.organization == id else { throw EcoError.notFound("User \(userID) is not a member of organization \(id).") }
        try await store.setMembership(userID: user.id, organization: nil, role: user.role)
        credentials.forgetAll()
        user.organization = nil
        return user
    }

    /// A new key replacing `keyID` (same owner and name), for its owner or an admin. The old key is revoked at
    /// once, or keeps working for `graceSeconds` so deployments can switch over; the new one expires after
    /// `expiresInDays` (nil: the old key's remaining lifetime, if it had an expiry).
    public func rotateKey(_ keyID: String, by actor: User, graceSeconds: Int?, expiresInDays: Int?) async throws
        -> (key: APIKeyFormat.Generated, record: APIKeyRecord, replaced: APIKeyRecord) {
        guard let old = try await store.key(id: keyID), actor.role == .admin || old.userID == actor.id else {
            throw EcoError.notFound("No key with id \(keyID) belongs to you; GET /api/v1/keys lists yours.")
        }
        if let graceSeconds, !(1...Self.maxGraceSeconds).contains(graceSeconds) {
            throw EcoError.invalidArgument("graceSeconds must be between 1 and \(Self.maxGraceSeconds) (30 days); leave it out to revoke the old key at once.")
        }
        if let expiresInDays, !(1...3650).contains(expiresInDays) {
            throw EcoError.invalidArgument("expiresInDays must be between 1 and 3650.")
        }
        let now = clock.nowMs()
        if old.revokedAtMs != nil || old.expiresAtMs.map({ $0 <= now }) == true {
            throw EcoError.conflict("Key \(keyID) is already revoked or expired; create a new key with POST /api/v1/keys.")
        }
        let key = APIKeyFormat.generate()
        let expiresAtMs = expiresInDays.map { now + Int64($0) * 86_400_000 } ?? old.expiresAtMs
        let record = APIKeyRecord(id: UUID().uuidString.lowercased(), userID: old.userID, prefix: key.prefix, secretHash: key.hash,
                                  name: old.name, createdAtMs: now, expiresAtMs: expiresAtMs)
        let retireAtMs = graceSeconds.map { now + Int64($0) * 1000 }
        guard try await store.rotateKey(id: keyID, replacement: record, retireAtMs: retireAtMs) else {
            throw EcoError.conflict("Key \(keyID) was revoked meanwhile; create a new key with POST /api/v1/keys.")
        }
        credentials.forgetAll()
        var replaced = old
        if let retireAtMs { replaced.expiresAtMs = min(old.expiresAtMs ?? retireAtMs, retireAtMs) } else { replaced.revokedAtMs = now }
        return (key, record, replaced)
    }

    private func user(_ id: String) async throws -> User {
        guard let user = try await store.user(id: id) else { throw EcoError.notFound("No user has id \(id); GET /api/v1/users lists them.") }
        return user
    }

    static func validate(id: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (1...64).contains(id.count), id.allSatisfy(allowed.contains), id.first?.isLetter == true || id.first?.isNumber == true else {
            throw EcoError.invalidArgument("An organization id must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit; got '\(id.prefix(80))'.")
        }
    }

    static func validate(name: String) throws -> String {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(name.count) else { throw EcoError.invalidArgument("An organization name must have 1 to 200 characters.") }
        return name
    }
}
