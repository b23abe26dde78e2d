import EcoCore
import EcoStore
import PostgresNIO

/// Organizations, memberships and key rotation (issue #21; migration 4); users and keys are in `PostgresStore+Auth.swift`.
extension PostgresStore {
    private static let organizationColumns = "id, name, created_at, disabled_at"

    public func rotateKey(id: String, replacement: APIKeyRecord, retireAtMs: Int64?) async throws -> Bool {
        try await database.transaction { connection in
            // Revoked at the replacement's creation, or expiring at the grace time unless it expires sooner.
            let retire: PostgresQuery = if let retireAtMs {
                """
                UPDATE api_keys SET expires_at = LEAST(COALESCE(expires_at, \(retireAtMs)), \(retireAtMs))
                WHERE id = \(id) AND user_id = \(replacement.userID) AND revoked_at IS NULL RETURNING 1
                """
            } else {
                """
                UPDATE api_keys SET revoked_at = \(replacement.createdAtMs)
                WHERE id = \(id) AND user_id = \(replacement.userID) AND revoked_at IS NULL RETURNING 1
                """
            }
            guard try await !connection.collect(retire, logger: database.logger).isEmpty else { return false }
            _ = try await connection.collect(Self.insert(replacement), logger: database.logger)
            return true
        }
    }

    public func createOrganization(_ organization: Organization) async throws {
        let inserted = try await database.rows("""
            INSERT INTO organizations (\(unescaped: Self.organizationColumns))
            VALUES (\(organization.id), \(organization.name), \(organization.createdAtMs), \(organization.disabledAtMs))
            ON CONFLICT (id) DO NOTHING RETURNING 1
            """)
        if inserted.isEmpty { throw EcoError.conflict("An organization with id \(organization.id) already exists; choose another id.") }
    }

    public func organization(id: String) async throws -> Organization? {
        try await database.rows("SELECT \(unescaped: Self.organizationColumns) FROM organizations WHERE id = \(id)", Self.readOrganization).first
    }

    public func organizations() async throws -> [Organization] {
        try await database.rows("SELECT \(unescaped: Self.organizationColumns) FROM organizations ORDER BY id", Self.readOrganization)
    }

    public func updateOrganization(_ organization: Organization) async throws {
        let updated = try await database.rows("""
            UPDATE organizations SET name = \(organization.name), disabled_at = \(organization.disabledAtMs)
            WHERE id = \(organization.id) RETURNING 1
            """)
        if updated.isEmpty { throw EcoError.notFound("No organization has id \(organization.id).") }
    }

    public func deleteOrganization(id: String) async throws -> Bool {
        try await database.transaction { connection in
            // Its row locked first: `setMembership` takes a share lock of it, so no member joins between the count
            // and the delete (a membership being set commits first, and the count sees it).
            _ = try await connection.collect("SELECT 1 FROM organizations WHERE id = \(id) FOR UPDATE", logger: database.logger)
            let count = try await connection.collect("SELECT count(*) FROM users WHERE organization = \(id)", logger: database.logger)
                .first?.decode(Int64.self) ?? 0
            if count > 0 {
                throw EcoError.conflict("Organization \(id) still has \(count) member(s); remove them first, or disable it instead.")
            }
            return try await !connection.collect("DELETE FROM organizations WHERE id = \(id) RETURNING 1", logger: database.logger).isEmpty
        }
    }

    public func users(organization organizationID: String) async throws -> [User] {
        try await database.rows("""
            SELECT \(unescaped: Self.userColumns) FROM users WHERE organization = \(organizationID) ORDER BY email
            """, Self.readUser)
    }

    public func setMembership(userID: String, organization: String?, role: Role) async throws {
        try await database.transaction { connection in
            // Holds off a concurrent `deleteOrganization` of the organization joined until this commits.
            if let organization {
                _ = try await connection.collect("SELECT 1 FROM organizations WHERE id = \(organization) FOR KEY SHARE", logger: database.logger)
            }
            let updated = try await connection.collect("""
                UPDATE users SET organization = \(organization), role = \(role.rawValue) WHERE id = \(userID) RETURNING 1
                """, logger: database.logger)
            if updated.isEmpty { throw EcoError.notFound("No user has id \(userID).") }
        }
    }

    private static func readOrganization(_ row: PostgresRow) throws -> Organization {
        let (id, name, created, disabled) = try row.decode((String, String, Int64, Int64?).self)
        return Organization(id: id, name: name, createdAtMs: created, disabledAtMs: disabled)
    }
}
