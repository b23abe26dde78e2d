import EcoCore
import EcoStore
import Foundation

/// The promises of ``AuthStore`` about organizations, memberships and key rotation (issue #21).
enum AuthOrganizationContract {
    static let cases: [ContractCase] = [
        ContractCase("AuthStore", "organizations are unique by id, renamed and disabled in place, and survive reopening") { subject in
            let store = subject.store
            try await store.createOrganization(Organization(id: "acme", name: "Acme", createdAtMs: 1))
            try await store.createOrganization(Organization(id: "beta", name: "Beta", createdAtMs: 2))
            try await expectThrows(EcoError.self, "a second organization with the same id") {
                try await store.createOrganization(Organization(id: "acme", name: "Other", createdAtMs: 3))
            }
            try expectEqual(try await store.organizations().map(\.id), ["acme", "beta"], "organizations by id")
            try await store.updateOrganization(Organization(id: "acme", name: "Acme Corp", createdAtMs: 1, disabledAtMs: 9))
            try expectEqual(try await store.organization(id: "acme"), Organization(id: "acme", name: "Acme Corp", createdAtMs: 1, disabledAtMs: 9),
                            "renamed and disabled")
            try await expectThrows(EcoError.self, "updating an organization that does not exist") {
                try await store.updateOrganization(Organization(id: "nobody", name: "N", createdAtMs: 1))
            }
            try expect(try await store.organization(id: "nobody") == nil)
            let reopened = try await subject.reopen()
            try expectEqual(try await reopened.organization(id: "acme")?.disabledAtMs, 9, "disabled time after reopening")
        },
        ContractCase("AuthStore", "memberships are set and listed, and an organization with members is not deleted") { subject in
            let store = subject.store
            try await store.createOrganization(Organization(id: "acme", name: "Acme", createdAtMs: 1))
            let bob = User(id: "u-bob", email: "bob@example.org", role: .viewer, createdAtMs: 1)
            let amy = User(id: "u-amy", email: "amy@example.org", role: .viewer, organization: "acme", createdAtMs: 1)
            try await store.createUser(bob)
            try await store.createUser(amy)
            try await store.setMembership(userID: bob.id, organization: "acme", role: .contributor)
            try expectEqual(try await store.users(organization: "acme").map(\.email), ["amy@example.org", "bob@example.org"], "members by e-mail")
            let changed = try unwrap(try await store.user(id: bob.id))
            try expect(changed.organization == "acme" && changed.role == .contributor, "organization and role are both set")
            try await expectThrows(EcoError.self, "deleting an organization with members") { try await store.deleteOrganization(id: "acme") }
            try await store.setMembership(userID: bob.id, organization: nil, role: .viewer)
            try await store.setMembership(userID: amy.id, organization: nil, role: .viewer)
            try expect(try await store.user(id: bob.id)?.organization == nil, "removed from the organization")
            try expect(try await store.users(organization: "acme").isEmpty)
            try await expectThrows(EcoError.self, "membership of a user that does not exist") {
                try await store.setMembership(userID: "nobody", organization: "acme", role: .viewer)
            }
            try expect(try await store.deleteOrganization(id: "acme"), "an organization without members is deleted")
            try expect(try await !store.deleteOrganization(id: "acme"), "deleting twice finds nothing")
            try expect(try await store.organization(id: "acme") == nil)
        },
        ContractCase("AuthStore", "a rotated key is replaced in one step: revoked at once, or expiring at the grace time and never later") { subject in
            let store = subject.store
            let owner = User(id: "u-owner", email: "owner@example.org", role: .analyst, createdAtMs: 1)
            try await store.createUser(owner)
            func key(_ id: String, _ prefix: Character, createdAtMs: Int64, expiresAtMs: Int64? = nil, userID: String = "u-owner") -> APIKeyRecord {
                APIKeyRecord(id: id, userID: userID, prefix: String(repeating: prefix, count: 16), secretHash: "h-\(id)", name: "ci",
                             createdAtMs: createdAtMs, expiresAtMs: expiresAtMs)
            }
            try await store.createKey(key("old", "a", createdAtMs: 10))
            // Revoked at once: the replacement's creation time.
            try expect(try await store.rotateKey(id: "old", replacement: key("new", "b", createdAtMs: 20), retireAtMs: nil))
            try expectEqual(try await store.key(id: "old")?.revokedAtMs, 20, "old key revoked when the replacement was made")
            try expectEqual(try await store.key(prefix: String(repeating: "b", count: 16))?.id, "new", "replacement found by its prefix")
            // A revoked key cannot be rotated, and nothing is stored then.
            try expect(try await !store.rotateKey(id: "old", replacement: key("again", "c", createdAtMs: 30), retireAtMs: nil))
            try expect(try await store.key(id: "again") == nil, "no replacement for a revoked key")
            // With a grace time: the old key expires then, and an earlier expiry is kept.
            try expect(try await store.rotateKey(id: "new", replacement: key("newer", "d", createdAtMs: 40), retireAtMs: 1_000))
            let graced = try unwrap(try await store.key(id: "new"))
            try expect(graced.revokedAtMs == nil && graced.expiresAtMs == 1_000, "old key expires at the grace time: \(graced)")
            try await store.createKey(key("short", "0", createdAtMs: 60, expiresAtMs: 100))
            try expect(try await store.rotateKey(id: "short", replacement: key("long", "1", createdAtMs: 61), retireAtMs: 9_000))
            try expectEqual(try await store.key(id: "short")?.expiresAtMs, 100, "a grace time never extends a key")
            // Only the key's owner's replacement retires it.
            try await store.createUser(User(id: "u-other", email: "other@example.org", role: .viewer, createdAtMs: 1))
            try expect(try await !store.rotateKey(id: "long", replacement: key("stolen", "2", createdAtMs: 70, userID: "u-other"), retireAtMs: nil))
            try expect(try await store.key(id: "long")?.revokedAtMs == nil, "another user's replacement leaves the key alone")
        },
    ]
}
