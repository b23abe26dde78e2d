import EcoTestSupport
import Foundation
import Testing

/// Issue #21: the live alert streams check their filters against what alerts can carry, as webhook
/// registrations do: a domain no alert carries would never match, so it is a 400 naming it.
@Suite struct AlertStreamFilterTests {
    @Test(arguments: [
        ("domains=air_quality", "'domains' has 'air_quality'"),
        ("domain=climate&domain=weather", "'domains' has 'weather'"),
        ("severity=loud", "'severity' has 'loud'"),
    ])
    func theSSEStreamRefusesAFilterThatCouldNeverMatch(query: String, mentions: String) async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("GET", "/api/v1/alerts/stream?\(query)")
            #expect(reply.status == 400)
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect(reply.text.contains(mentions), "\(reply.text)")
            let problem = try reply.json()
            if !query.hasPrefix("severity") {
                // The valid ones: every variable's domain, and food, which only drought alerts carry.
                #expect(problem["valid"] as? [String] == ["biodiversity", "carbon", "climate", "food", "health", "ocean"], "\(reply.text)")
            }
        }
    }

    @Test func theAlertListRefusesADomainNoAlertCarriesAndAcceptsAKnownOne() async throws {
        try await LiveServer.with { server in
            let unknown = try await server.request("GET", "/api/v1/alerts?domain=weather")
            #expect(unknown.status == 400)
            #expect(unknown.text.contains("'domain' has 'weather'"), "\(unknown.text)")
            #expect(try await server.request("GET", "/api/v1/alerts?domain=food").status == 200)
        }
    }

    @Test func theWebSocketStreamAnswersAnUnknownDomainWithAnErrorAndKeepsTheSession() async throws {
        try await LiveServer.with { server in
            let client = try await LoopbackWebSocketClient.connect(port: server.baseURL.port!, path: "/ws/alerts",
                                                                   headers: ["Authorization": "Bearer \(server.adminKey)"])
            defer { client.close() }
            try client.send(#"{"subscribe": {"domains": ["climate", "air_quality"]}}"#)
            let error = try await first(of: client.messages, within: liveDelivery) { !$0.contains("heartbeat") }
            #expect(error?.contains(#""type":"error""#) == true, "\(error ?? "nothing")")
            #expect(error?.contains("'air_quality'") == true && error?.contains("food, health, ocean") == true, "\(error ?? "nothing")")
            // The session stays open: a corrected subscription is accepted.
            try client.send(#"{"subscribe": {"domains": ["climate", "food"]}}"#)
            let subscribed = try await first(of: client.messages, within: liveDelivery) { !$0.contains("heartbeat") }
            #expect(subscribed?.contains(#""type":"subscribed""#) == true, "\(subscribed ?? "nothing")")
        }
    }
}
