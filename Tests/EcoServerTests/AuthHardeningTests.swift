import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
@testable import EcoServer
import EcoStore
import Foundation
import Testing

@Suite struct AuthHardeningTests {
    @Test func everyResponseCarriesTheSecurityHeadersErrorsIncluded() async throws {
        try await LiveServer.with { (server: LiveServer) async throws in
            for reply in [try await server.request("GET", "/healthz"), try await server.request("GET", "/api/v1/nothing"),
                          try await server.request("GET", "/api/v1/variables", as: .none)] {
                #expect(reply.headers["x-content-type-options"] == "nosniff")
                #expect(reply.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true)
                #expect(reply.headers["referrer-policy"] == "no-referrer")
            }
        }
    }

    @Test func oversizedHeadersAreRefused() async throws {
        try await LiveServer.with { (server: LiveServer) async throws in
            let reply = try await server.request("GET", "/healthz", headers: ["X-Padding": String(repeating: "a", count: 20_000)])
            #expect(reply.status == 431)
        }
    }

    @Test func deeplyNestedOrHugeJSONBodiesAreRefusedBeforeDecoding() async throws {
        try await LiveServer.with { (server: LiveServer) async throws in
            let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
            let nested = try await server.request("POST", "/api/v1/variables", body: deep, contentType: "application/json")
            #expect(nested.status == 400)
            #expect(nested.text.contains("nests deeper"))
            let long = #"{"name":"x","unit":"%","domain":"climate","description":""# + String(repeating: "a", count: 70_000) + #""}"#
            let huge = try await server.request("POST", "/api/v1/variables", body: long, contentType: "application/json")
            #expect(huge.status == 400)
            #expect(huge.text.contains("string longer"))
        }
    }

    @Test func corsAnswersOnlyAllowedOrigins() async throws {
        try await LiveServer.with(configure: { $0.corsOrigins = ["https://dash.example.org"] }) { (server: LiveServer) async throws in
            let allowed = try await server.request("GET", "/healthz", headers: ["Origin": "https://dash.example.org"])
            #expect(allowed.headers["access-control-allow-origin"] == "https://dash.example.org")
            let other = try await server.request("GET", "/healthz", headers: ["Origin": "https://evil.example.com"])
            #expect(other.headers["access-control-allow-origin"] == nil)
            let preflight = try await server.request("OPTIONS", "/api/v1/variables", as: .none, headers: ["Origin": "https://dash.example.org",
                                                                                                   "Access-Control-Request-Method": "GET"])
            #expect(preflight.status == 204)
            #expect(preflight.headers["access-control-allow-headers"]?.lowercased().contains("authorization") == true)
        }
    }

    @Test func writesDenialsAndAdminActionsAreAuditedWithActorAddressAndOutcome() async throws {
        try await LiveServer.with { (server: LiveServer) async throws in
            let viewer = try await server.services.access.accounts.createUser(email: "v@audit.invalid", role: .viewer).key.key
            let variable = #"{"name":"soil_moisture_test","unit":"%","domain":"climate","validMin":0,"validMax":100}"#
            #expect(try await server.request("POST", "/api/v1/variables", body: variable, contentType: "application/json").status == 201)
            #expect(try await server.request("POST", "/api/v1/variables", body: variable, contentType: "application/json", as: .bearer(viewer)).status == 403)
            let user = try await server.request("POST", "/api/v1/users", body: #"{"email":"new@audit.invalid","role":"analyst","tier":"researcher"}"#,
                                                contentType: "application/json")
            #expect(user.status == 201)
            #expect((try user.json()["key"] as? [String: Any])?["key"] as? String != nil)
            let reply = try await server.request("GET", "/api/v1/audit?limit=2")
            #expect(reply.status == 200)
            let page = try reply.json()
            #expect((page["pagination"] as? [String: Any])?["hasMore"] as? Bool == true)
            let entries = try await server.services.store.audit(before: nil, limit: 10)
            #expect(entries.map(\.action) == ["user.create", "POST /api/v1/variables", "POST /api/v1/variables"])
            #expect(entries.map(\.outcome) == ["success", "denied", "201"])
            #expect(entries[1].actorEmail == "v@audit.invalid")
            #expect(entries[2].actorEmail?.hasPrefix("admin-") == true && entries[2].actorEmail?.hasSuffix("@test.invalid") == true)
            #expect(entries.allSatisfy { $0.clientIP == "127.0.0.1" })
            #expect(try await server.request("GET", "/api/v1/audit", as: .bearer(viewer)).status == 403)
        }
    }

    @Test func configurationReadsTheAccessKeys() throws {
        let demo = try ConfigurationSources(flags: ["demo": "true"]).resolve()
        #expect(demo.publicRead)
        #expect(try !ConfigurationSources(flags: ["demo": "true", "publicRead": "false"]).resolve().publicRead)
        let configured = try ConfigurationSources(environment: [
            "ECOTRACK_CORS_ORIGINS": "https://a.example, https://b.example", "ECOTRACK_METRICS_TOKEN": "t",
            "ECOTRACK_MAX_CONCURRENT_REQUESTS": "3", "ECOTRACK_RATE_LIMITS": "off",
        ]).resolve()
        #expect(configured.corsOrigins == ["https://a.example", "https://b.example"])
        #expect(configured.metricsToken == "t")
        #expect(configured.maxConcurrentRequests == 3)
        #expect(!configured.rateLimits)
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(file: ["jwtSecret": "short"]).resolve() }
    }
}
