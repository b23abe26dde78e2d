import EcoCore
import EcoStore
@testable import EcoStorePostgres
import Logging
import PostgresNIO
import Testing

/// Organizations on PostgreSQL (issue #21): migration 4's backfill (as SQLite's 0011), and a delete racing a
/// membership from another process.
@Suite(.enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresOrganizationTests {
    @Test func organizationsNamedByUsersBecomeRecordsWithTheSameIdAndName() async throws {
        try await TestDatabase.withSchema { schema in
            // A schema at version 3 (migration 4 undone), with users naming organizations as free text.
            try await TestDatabase.open(schema: schema).close()
            for statement in [
                "DROP TABLE organizations",
                "DROP INDEX users_by_organization",
                "DELETE FROM schema_migrations WHERE version = 4",
                """
                INSERT INTO users (id, email, role, organization, tier, password_hash, created_at, disabled) VALUES
                  ('u1', 'a@example.org', 'analyst', 'Acme Corp', 'free', NULL, 5, false),
                  ('u2', 'b@example.org', 'viewer', 'Acme Corp', 'free', NULL, 3, false),
                  ('u3', 'c@example.org', 'viewer', NULL, 'free', NULL, 4, false),
                  ('u4', 'd@example.org', 'viewer', '', 'free', NULL, 4, false)
                """,
            ] {
                _ = try await TestDatabase.sql(statement, schema: schema)
            }
            // The migrator applies every migration it has not recorded, so migration 4 runs again though later ones stay applied.
            let store = try await TestDatabase.open(schema: schema)
            #expect(try await store.organizations() == [Organization(id: "Acme Corp", name: "Acme Corp", createdAtMs: 3)])
            #expect(try await store.users(organization: "Acme Corp").map(\.id) == ["u1", "u2"])
            try await store.close()
        }
    }

    /// `setMembership` is held between its share lock of the organization and its update (a raw connection
    /// holds the user's row); a `deleteOrganization` started then must wait for it and count the new member.
    @Test func aDeleteWaitsForAMembershipBeingSetAndCountsTheMember() async throws {
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema)
            try await store.createOrganization(Organization(id: "acme", name: "Acme", createdAtMs: 1))
            try await store.createUser(User(id: "u-bob", email: "bob@example.org", role: .viewer, createdAtMs: 1))
            let logger = Logger(label: "test")
            let holder = try await TestDatabase.connect(schema: schema)
            let observer = try await TestDatabase.connect()
            /// Backends waiting for a lock `pid` holds.
            func waiting(on pid: Int32) async throws -> [Int32] {
                try await observer.collect("SELECT pid FROM pg_stat_activity WHERE \(pid) = ANY(pg_blocking_pids(pid))", logger: logger)
                    .map { try $0.decode(Int32.self) }
            }
            /// The first backend waiting on `pid`, polling for up to `seconds` (a loaded machine).
            func firstWaiting(on pid: Int32, seconds: Int) async throws -> Int32? {
                for _ in 0..<(seconds * 10) {
                    if let found = try await waiting(on: pid).first { return found }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return nil
            }

            let holderPID = try await holder.collect("SELECT pg_backend_pid()", logger: logger).first?.decode(Int32.self) ?? 0
            try await holder.query("BEGIN", logger: logger)
            _ = try await holder.collect("SELECT 1 FROM users WHERE id = 'u-bob' FOR UPDATE", logger: logger)
            let membership = Task { try await store.setMembership(userID: "u-bob", organization: "acme", role: .contributor) }
            let membershipPID = try #require(try await firstWaiting(on: holderPID, seconds: 20), "setMembership never reached the user's row")
            let deletion = Task { try await store.deleteOrganization(id: "acme") }
            // Within the membership's 30 s statement timeout, which keeps running while it waits.
            let deletionPID = try await firstWaiting(on: membershipPID, seconds: 20)
            try await holder.query("ROLLBACK", logger: logger)
            try await holder.close()
            try await observer.close()

            try await membership.value
            #expect(deletionPID != nil, "the delete did not wait for the membership being set")
            await #expect(throws: EcoError.conflict("Organization acme still has 1 member(s); remove them first, or disable it instead.")) {
                _ = try await deletion.value
            }
            #expect(try await store.organization(id: "acme") != nil)
            #expect(try await store.users(organization: "acme").map(\.id) == ["u-bob"])
            try await store.close()
        }
    }
}
