import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
@testable import EcoServer
import EcoStore
import Foundation
import Testing

@Suite struct AuthKeyTests {
    @Test func generatedKeysParseAreUniqueAndOnlyTheirHashIsStored() async throws {
        let keys = (0..<500).map { _ in APIKeyFormat.generate() }
        #expect(Set(keys.map(\.key)).count == 500)
        for generated in keys.prefix(20) {
            #expect(generated.key.utf8.count == 85)
            #expect(APIKeyFormat.prefix(of: generated.key) == generated.prefix)
            #expect(generated.hash == APIKeyFormat.hash(generated.key))
            #expect(!generated.hash.contains(generated.key.suffix(64)))
        }
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        #expect(APIKeyFormat.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: ["", "eco_", "eco_0123456789abcdef_short", "xyz_0123456789abcdef_" + String(repeating: "a", count: 64),
                      "eco_0123456789ABCDEF_" + String(repeating: "a", count: 64), "eco_0123456789abcdef-" + String(repeating: "a", count: 64)])
    func malformedKeysHaveNoPrefix(text: String) {
        #expect(APIKeyFormat.prefix(of: text) == nil)
    }

    @Test func keysWorkInEitherHeaderAndTheirRecordHoldsNoSecret() async throws {
        try await LiveServer.with { (server: LiveServer) async throws in
            let created = try await server.services.access.accounts.createUser(email: "viewer@keys.invalid", role: .viewer)
            #expect(try await server.request("GET", "/api/v1/auth/me", as: .bearer(created.key.key)).status == 200)
            let me = try await server.request("GET", "/api/v1/auth/me", as: .apiKeyHeader(created.key.key))
            #expect(me.status == 200)
            #expect(me.text.contains("viewer@keys.invalid"))
            let stored = try #require(try await server.services.store.key(prefix: created.key.prefix))
            let storedFields = [stored.id, stored.prefix, stored.secretHash, stored.name, stored.userID]
            #expect(!storedFields.contains { $0.contains(created.key.key) || created.key.key.hasSuffix($0) })
        }
    }

    @Test func revokedExpiredUnknownAndTamperedKeysAreRefused() async throws {
        try await LiveServer.with { (server: LiveServer) async throws in
            let accounts = server.services.access.accounts
            let created = try await accounts.createUser(email: "a@keys.invalid", role: .analyst)
            // Revoked.
            let (revoked, revokedRecord) = try await accounts.createKey(for: created.user.id, name: "old", expiresAt: nil)
            #expect(try await server.request("GET", "/api/v1/auth/me", as: .bearer(revoked.key)).status == 200)
            let revoke = try await server.request("DELETE", "/api/v1/keys/\(revokedRecord.id)", as: .bearer(created.key.key))
            #expect(revoke.status == 204)
            let afterRevoke = try await server.request("GET", "/api/v1/auth/me", as: .bearer(revoked.key))
            #expect(afterRevoke.status == 401)
            #expect(afterRevoke.text.contains("revoked"))
            #expect(try await server.request("DELETE", "/api/v1/keys/\(revokedRecord.id)", as: .bearer(created.key.key)).status == 409)
            // Expired: stored directly with an expiry in the past.
            let expired = APIKeyFormat.generate()
            try await server.services.store.createKey(APIKeyRecord(id: "expired", userID: created.user.id, prefix: expired.prefix, secretHash: expired.hash,
                                                                    name: "expired", createdAtMs: 0, expiresAtMs: 1_000))
            let afterExpiry = try await server.request("GET", "/api/v1/auth/me", as: .bearer(expired.key))
            #expect(afterExpiry.status == 401)
            #expect(afterExpiry.text.contains("expired"))
            // Unknown prefix, tampered secret, not a key at all, other schemes.
            #expect(try await server.request("GET", "/api/v1/auth/me", as: .bearer(APIKeyFormat.generate().key)).status == 401)
            let tampered = String(created.key.key.dropLast()) + (created.key.key.hasSuffix("0") ? "1" : "0")
            #expect(try await server.request("GET", "/api/v1/auth/me", as: .bearer(tampered)).status == 401)
            #expect(try await server.request("GET", "/api/v1/auth/me", as: .apiKeyHeader("eco_nonsense")).status == 401)
            #expect(try await server.request("GET", "/api/v1/auth/me", as: .none, headers: ["Authorization": "Basic YTpi"]).status == 401)
            // A bad credential is refused even on open routes, never silently treated as anonymous.
            #expect(try await server.request("GET", "/healthz", as: .bearer(tampered)).status == 401)
        }
    }

    @Test func usersSeeAndRevokeOnlyTheirOwnKeysWhileAdminsSeeAll() async throws {
        try await LiveServer.with { (server: LiveServer) async throws in
            let accounts = server.services.access.accounts
            let alice = try await accounts.createUser(email: "alice@keys.invalid", role: .viewer)
            let bob = try await accounts.createUser(email: "bob@keys.invalid", role: .viewer)
            let created = try await server.request("POST", "/api/v1/keys", body: #"{"name":"laptop","expiresInDays":30}"#,
                                                   contentType: "application/json", as: .bearer(alice.key.key))
            #expect(created.status == 201)
            let newKey = try #require(try created.json()["key"] as? String)
            #expect(try await server.request("GET", "/api/v1/auth/me", as: .bearer(newKey)).status == 200)
            let aliceKeys = try await server.request("GET", "/api/v1/keys", as: .bearer(alice.key.key))
            #expect((try aliceKeys.json()["data"] as? [Any])?.count == 2)
            #expect(!aliceKeys.text.contains(newKey))
            #expect(try await server.request("DELETE", "/api/v1/keys/\(bob.record.id)", as: .bearer(alice.key.key)).status == 404)
            #expect(try await server.request("GET", "/api/v1/keys?all=true", as: .bearer(alice.key.key)).status == 403)
            let all = try await server.request("GET", "/api/v1/keys?all=true")
            #expect((try all.json()["data"] as? [Any])?.count ?? 0 >= 4)
        }
    }
}
