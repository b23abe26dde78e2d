import EcoCore
import EcoStore
import Foundation

/// The promises of ``AuthStore``: unique e-mails, keys by prefix revoked once, audit paging, persistence.
enum AuthContract {
    static func user(_ email: String, role: Role = .viewer) -> User {
        User(id: UUID().uuidString, email: email, role: role, organization: "Org", tier: .researcher, createdAtMs: 1)
    }

    static let cases: [ContractCase] = [
        ContractCase("AuthStore", "users are unique by case insensitive email") { subject in
            let store = subject.store
            let alice = user("Alice@Example.org", role: .analyst)
            try await store.createUser(alice)
            try await expectThrows(EcoError.self, "expected EcoError") { try await store.createUser(user("alice@example.ORG")) }
            let found = try unwrap(try await store.user(email: "ALICE@example.org"))
            try expect(found.id == alice.id && found.role == .analyst && found.tier == .researcher && found.organization == "Org")
            try expect(try await store.user(id: alice.id)?.email == "alice@example.org")
            try expect(try await store.userCount() == 1)
            try await store.setPasswordHash(userID: alice.id, hash: "$2b$04$x")
            try expect(try await store.user(id: alice.id)?.passwordHash == "$2b$04$x")
        },
        ContractCase("AuthStore", "keys are found by prefix and revoked once") { subject in
            let store = subject.store
            let owner = user("k@example.org")
            try await store.createUser(owner)
            let record = APIKeyRecord(id: "k1", userID: owner.id, prefix: "0123456789abcdef", secretHash: "hash", name: "ci", createdAtMs: 5, expiresAtMs: 99)
            try await store.createKey(record)
            try expect(try await store.key(prefix: "0123456789abcdef") == record)
            try expect(try await store.key(prefix: "ffffffffffffffff") == nil)
            try await store.touchKey(id: "k1", atMs: 7)
            try expect(try await store.key(id: "k1")?.lastUsedAtMs == 7)
            try expect(try await store.revokeKey(id: "k1", atMs: 8))
            try expect(try await !store.revokeKey(id: "k1", atMs: 9))
            // A revocation is visible to the next read at once (readers must not keep old snapshots).
            try expect(try await store.key(prefix: "0123456789abcdef")?.revokedAtMs == 8)
            try expect(try await store.keys(userID: owner.id).count == 1)
            try expect(try await store.keys(userID: "nobody").isEmpty)
        },
        ContractCase("AuthStore", "audit entries page newest first") { subject in
            let store = subject.store
            var ids: [Int64] = []
            for index in 0..<5 {
                ids.append(try await store.appendAudit(AuditEntry(atMs: Int64(index), actor: "u", action: "a\(index)", clientIP: "127.0.0.1", outcome: "success")))
            }
            try expect(ids == ids.sorted() && Set(ids).count == 5)
            let first = try await store.audit(before: nil, limit: 2)
            try expect(first.map(\.action) == ["a4", "a3"])
            let next = try await store.audit(before: first.last?.id, limit: 10)
            try expect(next.map(\.action) == ["a2", "a1", "a0"])
            try expect(next.first?.clientIP == "127.0.0.1")
            let batch = try await store.appendAudit([AuditEntry(atMs: 5, actor: "u", action: "b0", outcome: "success"),
                                                     AuditEntry(atMs: 6, actor: "u", action: "b1", outcome: "success")])
            try expect(batch.count == 2 && batch[0] > ids.last! && batch[1] > batch[0], "a batch gets increasing ids after the others")
            try expectEqual(try await store.audit(before: nil, limit: 2).map(\.action), ["b1", "b0"], "the batch, newest first")
        },
        ContractCase("AuthStore", "auth tables survive reopening") { subject in
            let store = subject.store
            try await store.createUser(user("persist@example.org"))
            let reopened = try await subject.reopen()
            try expect(try await reopened.user(email: "persist@example.org") != nil)
            try expect(await reopened.isReady())
        },
    ]
}
