import EcoCore
@testable import EcoServer
import Foundation
import Testing

/// Organization management through the API (issue #21): organizations, members and their roles,
/// key rotation with a grace time, each change in the audit log; members of a disabled organization refused.
@Suite struct OrganizationAdminTests {
    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    static func send(_ server: LiveServer, _ method: String, _ path: String, _ body: [String: Any]? = nil,
                     as credentials: LiveServer.Credentials = .admin) async throws -> LiveServer.Reply {
        try await server.request(method, path, body: body.map(json), contentType: body == nil ? nil : "application/json", as: credentials)
    }

    /// The audit log's entries as (action, target, outcome), newest first.
    static func audit(_ server: LiveServer) async throws -> [(action: String, target: String?, outcome: String)] {
        await server.services.access.audit.settle()
        let entries = try await send(server, "GET", "/api/v1/audit?limit=200").json()["data"] as? [[String: Any]] ?? []
        return entries.map { ($0["action"] as? String ?? "", $0["target"] as? String, $0["outcome"] as? String ?? "") }
    }

    @Test func adminsManageOrganizationsAndMembersAndEveryChangeIsAudited() async throws {
        try await LiveServer.with { server in
            #expect(try await Self.send(server, "POST", "/api/v1/organizations", ["id": "acme", "name": "Acme"]).status == 201)
            #expect(try await Self.send(server, "POST", "/api/v1/organizations", ["id": "acme", "name": "Again"]).status == 409)
            let badID = try await Self.send(server, "POST", "/api/v1/organizations", ["id": "Not An Id", "name": "X"])
            #expect((400...422).contains(badID.status) && badID.text.contains("organization id"), "\(badID.status) \(badID.text)")

            let created = try await Self.send(server, "POST", "/api/v1/users", ["email": "member@example.org", "role": "viewer"]).json()
            let user = try #require(created["user"] as? [String: Any])
            let userID = try #require(user["id"] as? String)
            let memberKey = try #require((created["key"] as? [String: Any])?["key"] as? String)

            let set = try await Self.send(server, "PUT", "/api/v1/organizations/acme/members/\(userID)", ["role": "analyst"])
            #expect(set.status == 200, "\(set.text)")
            let me = try await Self.send(server, "GET", "/api/v1/auth/me", as: .bearer(memberKey)).json()
            let meUser = try #require(me["user"] as? [String: Any])
            #expect(meUser["role"] as? String == "analyst" && meUser["organization"] as? String == "acme", "the change applies at once: \(meUser)")
            #expect(try await Self.send(server, "PUT", "/api/v1/organizations/nowhere/members/\(userID)", ["role": "analyst"]).status == 404)
            let badRole = try await Self.send(server, "PUT", "/api/v1/organizations/acme/members/\(userID)", ["role": "owner"])
            #expect((400...422).contains(badRole.status) && badRole.text.contains("role"), "\(badRole.status) \(badRole.text)")

            let detail = try await Self.send(server, "GET", "/api/v1/organizations/acme").json()
            #expect((detail["members"] as? [[String: Any]])?.compactMap { $0["email"] as? String } == ["member@example.org"])
            #expect(try await Self.send(server, "DELETE", "/api/v1/organizations/acme").status == 409, "members remain")

            // Disabled: the member's key is refused from the next request; enabled again, it works.
            let disabled = try await Self.send(server, "PUT", "/api/v1/organizations/acme", ["name": "Acme Ltd", "disabled": true])
            let disabledAt = try disabled.json()["disabledAt"] as? String
            #expect(disabled.status == 200 && disabledAt != nil, "\(disabled.text)")
            let refused = try await Self.send(server, "GET", "/api/v1/auth/me", as: .bearer(memberKey))
            #expect(refused.status == 401 && refused.text.contains("disabled"), "\(refused.status) \(refused.text)")
            #expect(try await Self.send(server, "PUT", "/api/v1/organizations/acme", ["name": "Acme Ltd", "disabled": false]).status == 200)
            #expect(try await Self.send(server, "GET", "/api/v1/auth/me", as: .bearer(memberKey)).status == 200)

            #expect(try await Self.send(server, "DELETE", "/api/v1/organizations/acme/members/\(userID)").status == 204)
            #expect(try await Self.send(server, "DELETE", "/api/v1/organizations/acme").status == 204)
            let list = try await Self.send(server, "GET", "/api/v1/organizations").json()
            #expect((list["data"] as? [Any])?.isEmpty == true)

            let entries = try await Self.audit(server)
            func count(_ action: String, _ outcome: String) -> Int { entries.filter { $0.action == action && $0.outcome == outcome }.count }
            #expect(count("organization.create", "success") == 1 && count("organization.create", "failure") == 2)
            #expect(count("organization.member.set", "success") == 1 && count("organization.member.set", "failure") == 1)
            #expect(count("organization.update", "success") == 2)
            #expect(count("organization.delete", "failure") == 1 && count("organization.delete", "success") == 1)
            #expect(count("organization.member.remove", "success") == 1)
        }
    }

    @Test func onlyAdminsManageOrganizations() async throws {
        try await LiveServer.with { server in
            let analyst = try await server.services.access.accounts.createUser(email: "analyst@example.org", role: .analyst).key.key
            let reply = try await Self.send(server, "POST", "/api/v1/organizations", ["id": "acme", "name": "Acme"], as: .bearer(analyst))
            #expect(reply.status == 403)
            #expect(try await server.services.store.organization(id: "acme") == nil)
        }
    }

    @Test func aRotatedKeyIsReplacedAtOnceOrAfterItsGraceTime() async throws {
        try await LiveServer.with { server in
            let owner = try await server.services.access.accounts.createUser(email: "owner@example.org", role: .contributor)
            let other = try await server.services.access.accounts.createUser(email: "other@example.org", role: .contributor)
            let first = owner.key.key

            // Another user's key: not theirs to rotate.
            let stranger = try await Self.send(server, "POST", "/api/v1/keys/\(owner.record.id)/rotate", [:], as: .bearer(other.key.key))
            #expect(stranger.status == 404)

            // With a grace time both keys work, and the old one now expires then.
            let graced = try await Self.send(server, "POST", "/api/v1/keys/\(owner.record.id)/rotate", ["graceSeconds": 3600], as: .bearer(first))
            #expect(graced.status == 201, "\(graced.text)")
            let body = try graced.json()
            let second = try #require((body["key"] as? [String: Any])?["key"] as? String)
            let secondID = try #require((body["key"] as? [String: Any])?["id"] as? String)
            #expect((body["replaced"] as? [String: Any])?["expiresAt"] != nil, "\(body)")
            #expect(try await Self.send(server, "GET", "/api/v1/auth/me", as: .bearer(first)).status == 200)
            #expect(try await Self.send(server, "GET", "/api/v1/auth/me", as: .bearer(second)).status == 200)

            // Without one the old key stops at once; the new key takes the old one's name.
            let now = try await Self.send(server, "POST", "/api/v1/keys/\(secondID)/rotate", ["expiresInDays": 30], as: .bearer(second))
            #expect(now.status == 201, "\(now.text)")
            let third = try #require((try now.json()["key"] as? [String: Any])?["key"] as? String)
            #expect(try await Self.send(server, "GET", "/api/v1/auth/me", as: .bearer(second)).status == 401)
            #expect(try await Self.send(server, "GET", "/api/v1/auth/me", as: .bearer(third)).status == 200)
            #expect(try await Self.send(server, "POST", "/api/v1/keys/\(secondID)/rotate", [:], as: .bearer(third)).status == 409, "already revoked")
            let badGrace = try await Self.send(server, "POST", "/api/v1/keys/\(owner.record.id)/rotate", ["graceSeconds": 0], as: .bearer(third))
            #expect((400...422).contains(badGrace.status) && badGrace.text.contains("graceSeconds"), "\(badGrace.status) \(badGrace.text)")
            let keys = try await server.services.store.keys(userID: owner.user.id)
            #expect(keys.count == 3 && Set(keys.map(\.name)) == ["initial"], "\(keys)")
            #expect(keys.first { $0.id == secondID }?.revokedAtMs != nil)

            let entries = try await Self.audit(server)
            #expect(entries.filter { $0.action == "key.rotate" && $0.outcome == "success" }.count == 2)
            #expect(entries.filter { $0.action == "key.rotate" && $0.outcome == "failure" }.count >= 2)
        }
    }
}
