import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
@testable import EcoServer
import EcoStore
import Foundation
import Testing

/// Every registered route × every role and anonymous: 401 without credentials, 403 without the
/// permission, through the gate with it. Reads the route table, so a new route is covered as soon
/// as it is registered.
@Suite struct AuthMatrixTests {
    /// The permission table, written out here rather than read from `Role.permissions`.
    static let granted: [Role: Set<String>] = [
        .viewer: ["read:public"],
        .analyst: ["read:public", "read:all", "run:analysis", "export:data", "query:agents"],
        .contributor: ["read:public", "read:all", "write:data", "run:analysis"],
        .admin: ["read:public", "read:all", "write:data", "run:analysis", "export:data", "query:agents", "manage:models", "admin:all", "read:metrics"],
        .apiConsumer: ["read:public", "read:all", "run:analysis"],
    ]

    enum Expected: Equatable { case unauthenticated, forbidden, allowed }

    /// A path with its `{parameters}` filled in.
    static func concrete(_ template: String) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.hasPrefix("{") else { return String(segment) }
            return segment == "{h3}" ? "872830828ffffff" : "unknown"
        }.joined(separator: "/")
    }

    static func keys(_ server: LiveServer) async throws -> [Role: String] {
        var keys: [Role: String] = [:]
        for role in Role.allCases {
            keys[role] = try await server.services.access.accounts.createUser(email: "\(role.rawValue)@matrix.invalid", role: role).key.key
        }
        return keys
    }

    static func send(_ server: LiveServer, _ route: RouteDescription, as credentials: LiveServer.Credentials) async throws -> LiveServer.Reply {
        // Event streams never end: read their status and headers only.
        if route.path.hasSuffix("/stream") { return try await server.head(concrete(route.path), as: credentials) }
        let body = route.method == "GET" || route.method == "DELETE" ? nil : "{}"
        return try await server.request(route.method, concrete(route.path), body: body, contentType: body == nil ? nil : "application/json", as: credentials)
    }

    static func check(_ reply: LiveServer.Reply, _ expected: Expected, _ label: String) {
        switch expected {
        case .unauthenticated:
            #expect(reply.status == 401, "\(label): \(reply.status) \(reply.text)")
            #expect(reply.headers["www-authenticate"]?.hasPrefix("Bearer") == true, "\(label)")
            #expect(reply.contentType.hasPrefix("application/problem+json"), "\(label)")
        case .forbidden:
            #expect(reply.status == 403, "\(label): \(reply.status) \(reply.text)")
            #expect(reply.contentType.hasPrefix("application/problem+json"), "\(label)")
        case .allowed:
            #expect(![401, 403, 429].contains(reply.status) && reply.status < 500, "\(label): \(reply.status) \(reply.text)")
        }
    }

    @Test func everyRouteAnswersEveryRoleAndAnonymousAsThePermissionTableSays() async throws {
        try await LiveServer.with(configure: { $0.rateLimits = false; $0.metricsToken = "matrix-metrics-token" }) { (server: LiveServer) async throws in
            let keys = try await Self.keys(server)
            let routes = server.routes.registered
            #expect(routes.count >= 15)
            for entry in routes {
                let permission = entry.permission.rawValue
                let anonymous: Expected = entry.permission == .anonymous ? .allowed : .unauthenticated
                Self.check(try await Self.send(server, entry.route, as: .none), anonymous, "anonymous \(entry.route)")
                for role in Role.allCases {
                    let expected: Expected = [.anonymous, .authenticated].contains(entry.permission) || Self.granted[role]!.contains(permission)
                        ? .allowed : .forbidden
                    Self.check(try await Self.send(server, entry.route, as: .bearer(keys[role]!)), expected, "\(role.rawValue) \(entry.route)")
                }
            }
        }
    }

    @Test func publicReadOpensReadPublicRoutesToAnonymousCallersAndNothingElse() async throws {
        try await LiveServer.with(configure: { $0.rateLimits = false; $0.publicRead = true; $0.metricsToken = "matrix-metrics-token" }) { (server: LiveServer) async throws in
            for entry in server.routes.registered {
                let expected: Expected = [.anonymous, .readPublic].contains(entry.permission) ? .allowed : .unauthenticated
                Self.check(try await Self.send(server, entry.route, as: .none), expected, "anonymous \(entry.route)")
            }
        }
    }

    @Test(arguments: Role.allCases)
    func rolePermissionsAreTheSpecificationTable(role: Role) {
        #expect(Set(role.permissions.map(\.rawValue)) == Self.granted[role])
    }

    @Test func metricsNeedTheirTokenOrAnAdminWhenATokenIsConfigured() async throws {
        try await LiveServer.with(configure: { $0.metricsToken = "scrape-me-please" }) { (server: LiveServer) async throws in
            #expect(try await server.request("GET", "/metrics", as: .none).status == 401)
            #expect(try await server.request("GET", "/metrics", as: .bearer("scrape-me-please")).status == 200)
            #expect(try await server.request("GET", "/metrics", as: .bearer("wrong-token")).status == 401)
            #expect(try await server.request("GET", "/metrics").status == 200)
            // The metrics token opens nothing else.
            #expect(try await server.request("GET", "/api/v1/variables", as: .bearer("scrape-me-please")).status == 403)
        }
    }

    @Test func metricsAreOpenOnLoopbackWithoutAToken() async throws {
        try await LiveServer.with { (server: LiveServer) async throws in
            #expect(try await server.request("GET", "/metrics", as: .none).status == 200)
            #expect(try await server.request("GET", "/api/v1/variables", as: .none).status == 401)
        }
    }

    @Test(arguments: [("csv", Role.analyst, 200), ("ndjson", Role.analyst, 200), ("csv", Role.apiConsumer, 403),
                      ("ndjson", Role.contributor, 403), ("json", Role.apiConsumer, 200)])
    func exportFormatsNeedExportData(format: String, role: Role, status: Int) async throws {
        try await LiveServer.with { (server: LiveServer) async throws in
            let key = try await server.services.access.accounts.createUser(email: "export@test.invalid", role: role).key.key
            let reply = try await server.request("GET", "/api/v1/observations?variable=pm25&format=\(format)", as: .bearer(key))
            #expect(reply.status == status, "\(reply.text)")
        }
    }
}
