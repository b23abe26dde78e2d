import EcoCore
import Foundation
import Testing

@testable import EcoPipeline
@testable import EcoServer

/// Plain-language explanations of recommendations from an OpenAI-compatible chat endpoint, against a
/// stand-in on 127.0.0.1: the request carries the model, the key and only the recommendation's own facts;
/// failures and timeouts of the endpoint become clear 502/504 problems; without configuration nothing is sent.
@Suite struct CarbonExplanationTests {
    static let organization = "acme"

    /// Stores one open recommendation of `acme` and returns its id.
    static func recommendation(_ server: LiveServer) async throws -> String {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let record = CarbonRecommendationRecord(
            id: "rec-\(UUID().uuidString.prefix(8).lowercased())", organization: organization, key: "shift-haulier", rank: 1,
            title: "Shift 30 % of haulier's road tonne-km to rail", leverJSON: #"{"type":"shiftMode","from":"road","to":"rail","share":0.3,"supplier":"haulier"}"#,
            impactKg: 1234.5, impactMarketKg: 1234.5, costEstimate: 900, currency: "EUR", costBasis: "illustrative defaults (not market prices)",
            costPerTonne: 729, feasibility: 0.8, feasibilityReason: "mean leg 620 km (≥ 500 km)",
            evidence: ["haulier is 140 % above its baseline over the last 7 days"], fromMs: now - 7 * 86_400_000, toMs: now,
            createdAtMs: now, updatedAtMs: now)
        _ = try await server.services.platform.store.proposeCarbonRecommendations([record], organization: organization, atMs: now)
        return record.id
    }

    static func path(_ id: String) -> String { "/api/v1/carbon/recommendations/\(id)/explanation?organization=\(organization)" }

    static func configure(_ standIn: ChatStandIn, timeout: Int = 10) -> @Sendable (inout EcoConfiguration) -> Void {
        { configuration in
            configuration.explanationURL = standIn.baseURL
            configuration.explanationModel = "stand-in-model"
            configuration.explanationAPIKey = "sk-test-key"
            configuration.explanationTimeoutSeconds = timeout
        }
    }

    @Test func withoutConfigurationNothingIsSentAndEverythingElseWorks() async throws {
        try await ChatStandIn.with(.answer("unused")) { standIn in
            try await LiveServer.with { server in
                let id = try await Self.recommendation(server)
                let reply = try await server.request("GET", Self.path(id))
                #expect(reply.status == 404)
                #expect(reply.text.contains("explanationUrl") && reply.text.contains("explanationModel"), "\(reply.text)")
                let list = try await server.request("GET", "/api/v1/carbon/recommendations?organization=\(Self.organization)")
                #expect(list.status == 200 && list.text.contains(id))
                let approve = try await server.request("POST", "/api/v1/carbon/recommendations/\(id)/approve", body: "{}", contentType: "application/json")
                #expect(approve.status == 200, "\(approve.text)")
                #expect(server.services.platform.carbon.explanations.isConfigured == false)
            }
            #expect(standIn.received.isEmpty, "nothing may be sent when no endpoint is configured")
        }
    }

    @Test func explanationComesFromTheEndpointWithOnlyTheRecommendationsFacts() async throws {
        let text = "Moving part of the haulier's freight from road to rail saves about 1.2 t CO2e for roughly 900 EUR."
        try await ChatStandIn.with(.answer(text)) { standIn in
            try await LiveServer.with(configure: Self.configure(standIn)) { server in
                let id = try await Self.recommendation(server)
                let reply = try await server.request("GET", Self.path(id))
                #expect(reply.status == 200, "\(reply.text)")
                let document = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
                #expect(document["explanation"] as? String == text)
                #expect(document["model"] as? String == "stand-in-model")
                #expect(document["recommendationId"] as? String == id)
                #expect((document["facts"] as? [String])?.contains { $0.contains("1234.5 kg CO2e") } == true)

                let sent = try #require(standIn.received.first)
                #expect(standIn.received.count == 1)
                #expect(sent.headers["authorization"] == "Bearer sk-test-key")
                let body = try #require(try JSONSerialization.jsonObject(with: sent.body) as? [String: Any])
                #expect(body["model"] as? String == "stand-in-model")
                let messages = try #require(body["messages"] as? [[String: Any]])
                #expect(messages.map { $0["role"] as? String } == ["system", "user"])
                let facts = try #require(messages.last?["content"] as? String)
                #expect(facts.contains("Shift 30 % of haulier's road tonne-km to rail") && facts.contains("140 % above its baseline"))
                #expect(!facts.contains(server.adminKey), "no credentials of ours leave the server")

                // Viewers may not make the server spend the operator's tokens; unknown ids are 404 without a call.
                #expect(try await server.request("GET", Self.path("no-such-id")).status == 404)
                #expect(standIn.received.count == 1)
            }
        }
    }

    @Test func aFailingEndpointIsABadGatewayWithWhatItSaid() async throws {
        try await ChatStandIn.with(.status(500)) { standIn in
            try await LiveServer.with(configure: Self.configure(standIn)) { server in
                let reply = try await server.request("GET", Self.path(try await Self.recommendation(server)))
                #expect(reply.status == 502)
                #expect(reply.text.contains("HTTP 500") && reply.text.contains("stand-in failure"), "\(reply.text)")
            }
        }
        try await ChatStandIn.with(.garbage) { standIn in
            try await LiveServer.with(configure: Self.configure(standIn)) { server in
                let reply = try await server.request("GET", Self.path(try await Self.recommendation(server)))
                #expect(reply.status == 502)
                #expect(reply.text.contains("choices[0].message.content"), "\(reply.text)")
            }
        }
    }

    @Test func aRedirectIsNotFollowedSoTheKeyGoesNowhereElse() async throws {
        try await ChatStandIn.with(.redirect) { standIn in
            try await LiveServer.with(configure: Self.configure(standIn)) { server in
                let reply = try await server.request("GET", Self.path(try await Self.recommendation(server)))
                #expect(reply.status == 502, "\(reply.text)")
                #expect(standIn.received.count == 1, "the redirect was followed \(standIn.received.count - 1) time(s)")
            }
        }
    }

    @Test func aSilentEndpointTimesOutAsAGatewayTimeout() async throws {
        try await ChatStandIn.with(.delay(.seconds(4))) { standIn in
            try await LiveServer.with(configure: Self.configure(standIn, timeout: 1)) { server in
                // A 504 (not the 502 the stand-in's late 503 would give) shows the server gave up at its own timeout.
                let reply = try await server.request("GET", Self.path(try await Self.recommendation(server)))
                #expect(reply.status == 504, "\(reply.text)")
                #expect(reply.text.contains("did not answer within 1 s"))
            }
        }
    }

    @Test func anUnreachableEndpointIsABadGateway() async throws {
        let port = try await ChatStandIn.with(.garbage) { $0.port }   // bound a moment ago, now closed
        try await LiveServer.with(configure: { $0.explanationURL = "http://127.0.0.1:\(port)/v1"; $0.explanationModel = "m"; $0.explanationTimeoutSeconds = 5 }) { server in
            let reply = try await server.request("GET", Self.path(try await Self.recommendation(server)))
            #expect(reply.status == 502, "\(reply.text)")
            #expect(reply.text.contains("could not be reached"))
        }
    }
}
