import EcoCore
@testable import EcoStore
import Foundation
import Testing

@Suite struct AuthStoreTests {
    static func user(_ email: String, role: Role = .viewer) -> User {
        User(id: UUID().uuidString, email: email, role: role, organization: "Org", tier: .researcher, createdAtMs: 1)
    }

    @Test func usersAreUniqueByCaseInsensitiveEmail() async throws {
        let store = try SQLiteStore.temporary()
        let alice = Self.user("Alice@Example.org", role: .analyst)
        try await store.createUser(alice)
        await #expect(throws: EcoError.self) { try await store.createUser(Self.user("alice@example.ORG")) }
        let found = try #require(try await store.user(email: "ALICE@example.org"))
        #expect(found.id == alice.id && found.role == .analyst && found.tier == .researcher && found.organization == "Org")
        #expect(try await store.user(id: alice.id)?.email == "alice@example.org")
        #expect(try await store.userCount() == 1)
        try await store.setPasswordHash(userID: alice.id, hash: "$2b$04$x")
        #expect(try await store.user(id: alice.id)?.passwordHash == "$2b$04$x")
        try await store.close()
    }

    @Test func keysAreFoundByPrefixAndRevokedOnce() async throws {
        let store = try SQLiteStore.temporary()
        let owner = Self.user("k@example.org")
        try await store.createUser(owner)
        let record = APIKeyRecord(id: "k1", userID: owner.id, prefix: "0123456789abcdef", secretHash: "hash", name: "ci", createdAtMs: 5, expiresAtMs: 99)
        try await store.createKey(record)
        #expect(try await store.key(prefix: "0123456789abcdef") == record)
        #expect(try await store.key(prefix: "ffffffffffffffff") == nil)
        try await store.touchKey(id: "k1", atMs: 7)
        #expect(try await store.key(id: "k1")?.lastUsedAtMs == 7)
        #expect(try await store.revokeKey(id: "k1", atMs: 8))
        #expect(try await !store.revokeKey(id: "k1", atMs: 9))
        // A revocation is visible to the next read at once (readers must not keep old snapshots).
        #expect(try await store.key(prefix: "0123456789abcdef")?.revokedAtMs == 8)
        #expect(try await store.keys(userID: owner.id).count == 1)
        #expect(try await store.keys(userID: "nobody").isEmpty)
        try await store.close()
    }

    @Test func auditEntriesPageNewestFirst() async throws {
        let store = try SQLiteStore.temporary()
        var ids: [Int64] = []
        for index in 0..<5 {
            ids.append(try await store.appendAudit(AuditEntry(atMs: Int64(index), actor: "u", action: "a\(index)", clientIP: "127.0.0.1", outcome: "success")))
        }
        #expect(ids == ids.sorted() && Set(ids).count == 5)
        let first = try await store.audit(before: nil, limit: 2)
        #expect(first.map(\.action) == ["a4", "a3"])
        let next = try await store.audit(before: first.last?.id, limit: 10)
        #expect(next.map(\.action) == ["a2", "a1", "a0"])
        #expect(next.first?.clientIP == "127.0.0.1")
        try await store.close()
    }

    @Test func authTablesSurviveReopening() async throws {
        let store = try SQLiteStore.temporary(durability: .full)
        try await store.createUser(Self.user("persist@example.org"))
        try await store.close()
        let reopened = try SQLiteStore(path: store.path)
        #expect(try await reopened.user(email: "persist@example.org") != nil)
        #expect(await reopened.isReady())
        try await reopened.close()
    }
}
