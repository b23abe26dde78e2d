import EcoCore
import EcoStore
import Foundation

/// Organizations and who belongs to them (migration 0011); users and keys are in `SQLiteStore+Auth.swift`.
extension SQLiteStore {
    private static let organizationColumns = "id, name, created_at, disabled_at"

    public func createOrganization(_ organization: Organization) async throws {
        try await writer.submit { db in
            let existing = try db.statement("SELECT 1 FROM organizations WHERE id = ?")
            existing.bind(1, organization.id)
            let taken = try existing.step()
            existing.reset()
            if taken { throw EcoError.conflict("An organization with id \(organization.id) already exists; choose another id.") }
            let insert = try db.statement("INSERT INTO organizations (\(Self.organizationColumns)) VALUES (?, ?, ?, ?)")
            insert.bind(1, organization.id).bind(2, organization.name).bind(3, organization.createdAtMs).bindOptional(4, organization.disabledAtMs)
            try insert.run()
            return ((), afterCommit: nil)
        }
    }

    public func organization(id: String) async throws -> Organization? {
        try await readers.read { db in
            try Self.all(db.statement("SELECT \(Self.organizationColumns) FROM organizations WHERE id = ?").bind(1, id), Self.readOrganization).first
        }
    }

    public func organizations() async throws -> [Organization] {
        try await readers.read { db in
            try Self.all(db.statement("SELECT \(Self.organizationColumns) FROM organizations ORDER BY id"), Self.readOrganization)
        }
    }

    public func updateOrganization(_ organization: Organization) async throws {
        try await writer.submit { db in
            let update = try db.statement("UPDATE organizations SET name = ?, disabled_at = ? WHERE id = ?")
            update.bind(1, organization.name).bindOptional(2, organization.disabledAtMs).bind(3, organization.id)
            try update.run()
            if db.changes == 0 { throw EcoError.notFound("No organization has id \(organization.id).") }
            return ((), afterCommit: nil)
        }
    }

    public func deleteOrganization(id: String) async throws -> Bool {
        try await writer.submit { db in
            let members = try db.statement("SELECT COUNT(*) FROM users WHERE organization = ?")
            members.bind(1, id)
            let count = try members.step() ? members.int64(0) : 0
            members.reset()
            if count > 0 {
                throw EcoError.conflict("Organization \(id) still has \(count) member(s); remove them first, or disable it instead.")
            }
            let delete = try db.statement("DELETE FROM organizations WHERE id = ?")
            delete.bind(1, id)
            try delete.run()
            return (db.changes > 0, afterCommit: nil)
        }
    }

    public func users(organization organizationID: String) async throws -> [User] {
        try await readers.read { db in
            try Self.all(db.statement("SELECT \(Self.userColumns) FROM users WHERE organization = ? ORDER BY email").bind(1, organizationID),
                         Self.readUser)
        }
    }

    public func setMembership(userID: String, organization: String?, role: Role) async throws {
        try await writer.submit { db in
            let update = try db.statement("UPDATE users SET organization = ?, role = ? WHERE id = ?")
            update.bind(1, organization).bind(2, role.rawValue).bind(3, userID)
            try update.run()
            if db.changes == 0 { throw EcoError.notFound("No user has id \(userID).") }
            return ((), afterCommit: nil)
        }
    }

    private static func readOrganization(_ row: SQLiteStatement) -> Organization {
        Organization(id: row.string(0), name: row.string(1), createdAtMs: row.int64(2), disabledAtMs: row.optionalInt64(3))
    }
}
