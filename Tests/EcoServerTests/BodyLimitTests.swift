import EcoCore
import EcoPipeline
@testable import EcoServer
import EcoTestSupport
import Foundation
import Testing

/// Issue #21: a body over the limit answers 413 with the limit, on every route (never 500), and
/// docs/api-limits.md lists the limits as the server applies them.
@Suite struct BodyLimitTests {
    /// Small limits, so the over-limit bodies stay small (the training job limit is fixed at 32 MiB).
    static func configure(_ configuration: inout EcoConfiguration) {
        configuration.maxRequestBytes = 4096
        configuration.maxIngestBytes = 8192
        configuration.maxEntryBytes = 16384
    }

    /// A path that matches the route: each `{parameter}` becomes a made-up value.
    static func concretePath(_ route: RouteDescription) -> String {
        route.path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("{") ? "x1" : String($0) }.joined(separator: "/")
    }

    /// What a route checks before it reads its body (a content type, a required query parameter), so
    /// that the oversized body itself is what it answers.
    static let requestBeforeTheBody: [String: (query: String, contentType: String)] = [
        "POST /api/v1/carbon/import": ("", "text/csv"),
        "POST /api/v1/carbon/factor-sets": ("?name=x1&version=x1", "application/json"),
    ]

    /// Sends `limit + 1` bytes of JSON (an array padded with spaces; `{}` where the route takes no body)
    /// and checks the 413 problem.
    static func expectRefusal(_ route: RouteDescription, limit: Int, framing: LoopbackHTTPClient.Framing,
                              client: LoopbackHTTPClient, key: String) async throws {
        let body = Data((limit == 0 ? "{}" : "[" + String(repeating: " ", count: limit - 1) + "]").utf8)
        let before = requestBeforeTheBody[route.description] ?? ("", "application/json")
        let reply = try await client.send(route.method, concretePath(route) + before.query,
                                          headers: ["Authorization": "Bearer \(key)", "Content-Type": before.contentType],
                                          body: body, framing: framing)
        let problem = (try? JSONSerialization.jsonObject(with: Data(reply.body))) as? [String: Any] ?? [:]
        let detail = problem["detail"] as? String ?? ""
        #expect(reply.status == 413, "\(route) (\(framing)) answered \(reply.status): \(String(decoding: reply.body, as: UTF8.self))")
        #expect(reply.headers["content-type"]?.hasPrefix("application/problem+json") == true, "\(route)")
        #expect(detail.contains(limit == 0 ? "takes no request body" : "(\(limit) bytes)") && detail.contains(route.description), "\(route): \(detail)")
        #expect((problem["limit"] as? NSNumber)?.intValue == limit, "\(route)")
    }

    @Test func everyRouteRefusesADeclaredBodyOverItsLimit() async throws {
        try await LiveServer.with(configure: Self.configure) { server in
            let limits = BodyLimits(configuration: server.services.configuration)
            let client = LoopbackHTTPClient(port: server.baseURL.port!)
            let routes = server.routes.routes.filter { $0.method != "GET" }
            #expect(routes.count >= 20)
            for route in routes {
                try await Self.expectRefusal(route, limit: limits.limit(for: route).bytes, framing: .contentLength, client: client, key: server.adminKey)
            }
        }
    }

    /// A chunked body declares no size: it is refused where the handler's reading stops at the limit.
    /// Routes with a path parameter may first answer 404 for the made-up id, so they are left out.
    @Test func everyRouteRefusesAChunkedBodyOverItsLimit() async throws {
        try await LiveServer.with(configure: Self.configure) { server in
            let limits = BodyLimits(configuration: server.services.configuration)
            let client = LoopbackHTTPClient(port: server.baseURL.port!)
            let routes = server.routes.routes.filter { ($0.method == "POST" || $0.method == "PUT") && !$0.path.contains("{") }
            #expect(routes.count >= 10)
            for route in routes {
                try await Self.expectRefusal(route, limit: limits.limit(for: route).bytes, framing: .chunked, client: client, key: server.adminKey)
            }
        }
    }

    @Test func theIssuesExampleIs413WithTheDefaultLimit() async throws {
        // The issue's case with the default limit: 2 MB to POST /api/v1/alerts/rules.
        try await LiveServer.with { server in
            let client = LoopbackHTTPClient(port: server.baseURL.port!)
            let body = Data(("{\"name\":\"" + String(repeating: "a", count: 2_000_000) + "\"}").utf8)
            let reply = try await client.send("POST", "/api/v1/alerts/rules", headers: ["Authorization": "Bearer \(server.adminKey)", "Content-Type": "application/json"],
                                              body: body, framing: .chunked)
            #expect(reply.status == 413)
            #expect(String(decoding: reply.body, as: UTF8.self).contains("1 MiB (1048576 bytes) for POST /api/v1/alerts/rules"))
        }
    }

    @Test func everyRouteInTheTableIsRegistered() async throws {
        try await LiveServer.with { server in
            let registered = Set(server.routes.routes.map(\.description))
            #expect(Set(BodyLimits.table.keys).subtracting(registered).isEmpty, "not registered: \(Set(BodyLimits.table.keys).subtracting(registered))")
        }
    }

    @Test func everyOperationWithABodyDocumentsThe413() async throws {
        try await LiveServer.with { server in
            let document = try JSONSerialization.jsonObject(with: await server.request("GET", "/openapi.json").body) as? [String: Any]
            let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
            var missing: [String] = []
            for (path, operations) in paths {
                for case let (method, operation as [String: Any]) in operations where operation["requestBody"] != nil {
                    if (operation["responses"] as? [String: Any])?["413"] == nil { missing.append("\(method.uppercased()) \(path)") }
                }
            }
            #expect(!paths.isEmpty)
            #expect(missing.isEmpty, "operations with a body but no 413 in openapi.json: \(missing.sorted())")
        }
    }

    @Test func docsListTheTableAsTheServerAppliesIt() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/api-limits.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        func row(_ route: String, _ entry: BodyLimits.Entry) -> String {
            let defaults = BodyLimits(configuration: EcoConfiguration())
            let size = switch entry.size {
            case .json: "`maxRequestBytes` (default \(Self.mebibytes(defaults.bytes(of: .json))))"
            case .ingest: "`maxIngestBytes` (default \(Self.mebibytes(defaults.bytes(of: .ingest))))"
            case .entry: "`maxEntryBytes` + `maxRequestBytes` (default \(Self.mebibytes(defaults.bytes(of: .entry))))"
            case let .bytes(count): "\(Self.mebibytes(count)) (fixed)"
            case .none: "no body"
            }
            return "| \(route) | \(size) | \(entry.advice) |"
        }
        for (route, entry) in BodyLimits.table {
            #expect(text.contains(row("`\(route)`", entry)), "docs/api-limits.md should have the row \(row("`\(route)`", entry))")
        }
        #expect(text.contains(row("every other route", BodyLimits.ordinary)))
    }

    static func mebibytes(_ bytes: Int) -> String { "\(bytes >> 20) MiB" }
}
