import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

@Suite struct ContractTests {
    @Test func everyRegisteredRouteIsInTheOpenAPIDocumentAndNothingElse() async throws {
        try await LiveServer.with { server in
            let document = try JSONSerialization.jsonObject(with: await server.request("GET", "/openapi.json").body) as? [String: Any]
            let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { RouteDescription(method: $0.uppercased(), path: path) } })
            let registered = Set(server.routes.routes)
            #expect(!registered.isEmpty)
            #expect(registered.subtracting(documented).isEmpty, "routes missing from openapi.json: \(registered.subtracting(documented))")
            #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered))")
            #expect(document?["openapi"] as? String == "3.1.0")
        }
    }

    @Test func unknownRouteIsAProblemDocument() async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("GET", "/api/v1/nothing-here")
            #expect(reply.status == 404)
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect(reply.text.contains("openapi.json"))
        }
    }

    @Test func operationsEndpointsAnswer() async throws {
        try await LiveServer.with { server in
            #expect(try await server.request("GET", "/healthz").status == 200)
            #expect(try await server.request("GET", "/readyz").text.contains("ready"))
            _ = try await server.request("GET", "/healthz")
            let metrics = try await server.request("GET", "/metrics")
            #expect(metrics.text.contains("http_requests_total"))
            #expect(metrics.text.contains("http_request_duration_seconds"))
        }
    }
}
