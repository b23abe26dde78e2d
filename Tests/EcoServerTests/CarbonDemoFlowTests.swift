import EcoCarbon
import EcoCore
import EcoStore
import EcoTestSupport
import Foundation
import Testing

@testable import EcoPipeline
@testable import EcoServer

/// The demo's carbon story through the real server, over HTTP and WebSocket: a steady supply chain
/// raises no alert; the planned hotspot arrives by ingest, is found, raises a carbon alert pushed on
/// the WebSocket, is answered by a recommendation that an admin approves, and the audit log has it.
@Suite struct CarbonDemoFlowTests {
    static let organization = CarbonDemo.organization

    /// The activities as NDJSON in the API's field names, with their client ids.
    static func ndjson(_ activities: [Activity]) -> String {
        activities.map { a in "{\"clientId\":\(JSONString.quote(a.clientId ?? "")),\(ActivityJSON.line(a).dropFirst())" }.joined(separator: "\n")
    }

    static func json(_ reply: LiveServer.Reply) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any], "\(reply.status) \(reply.text)")
    }

    static func recommendations(_ server: LiveServer) async throws -> [[String: Any]] {
        let reply = try await server.request("GET", "/api/v1/carbon/recommendations?organization=\(Self.query(organization))")
        #expect(reply.status == 200, "\(reply.text)")
        return try json(reply)["data"] as? [[String: Any]] ?? []
    }

    static func query(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

    @Test func ingestHotspotAlertRecommendationApproveAndAudit() async throws {
        try await LiveServer.with { server in
            let now = Date()
            let nowMs = Int64(now.timeIntervalSince1970 * 1000)
            let seeded = try await CarbonDemo.seedIfEmpty(server.services.platform.carbon, now: now)
            let history = CarbonDemo.history(nowMs: nowMs)
            #expect(seeded == history.count)
            #expect(try await CarbonDemo.seedIfEmpty(server.services.platform.carbon, now: Date()) == 0, "seeding twice adds nothing")

            // The watch checks the organization after the seed: recommendations appear, no alert does.
            var proposed: [[String: Any]] = []
            for _ in 0..<100 where proposed.isEmpty {
                proposed = try await Self.recommendations(server)
                if proposed.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(!proposed.isEmpty, "the watch proposed recommendations after the seed")
            let quiet = try await server.request("GET", "/api/v1/alerts?domain=carbon")
            #expect((try Self.json(quiet)["data"] as? [Any])?.isEmpty == true, "a steady supply chain raises no carbon alert: \(quiet.text)")

            let ws = try await LoopbackWebSocketClient.connect(port: server.baseURL.port!, path: "/ws/alerts",
                                                               headers: ["Authorization": "Bearer \(server.adminKey)"])
            defer { ws.close() }
            try ws.send(#"{"subscribe": {"domains": ["carbon"]}}"#)
            #expect(try await first(of: ws.messages, within: liveDelivery) { $0.contains(#""type":"subscribed""#) } != nil)

            // Ingest: the planned hotspot, as a client would send it.
            let batch = CarbonDemo.hotspotBatch(nowMs: nowMs)
            let ingest = try await server.request("POST", "/api/v1/carbon/activities", body: Self.ndjson(batch), contentType: "application/x-ndjson")
            #expect(ingest.status == 200, "\(ingest.text)")
            let report = try Self.json(ingest)
            #expect(report["accepted"] as? Int == batch.count)
            #expect(report["inserted"] as? Int == batch.count)
            #expect((report["co2eKg"] as? Double ?? 0) > 0)

            // Alert, pushed live.
            let pushed = try await first(of: ws.messages, within: liveDelivery) { $0.contains(#""type":"alert""#) && $0.contains("supplier") }
            let message = try #require(pushed, "no carbon alert reached the WebSocket")
            let envelope = try #require(try JSONSerialization.jsonObject(with: Data(message.utf8)) as? [String: Any])
            let alert = try #require(envelope["alert"] as? [String: Any])
            #expect(alert["domain"] as? String == "carbon")
            #expect(alert["alertType"] as? String == "hotspot")
            #expect(alert["severity"] as? String == "critical", "three times the usual freight is more than 100 % above baseline")
            #expect(alert["organization"] as? String == Self.organization)
            #expect((alert["title"] as? String)?.contains(CarbonDemo.hotspotSupplier) == true)
            #expect((alert["description"] as? String)?.contains("Recommended:") == true)

            // Hotspot.
            let hotspots = try Self.json(try await server.request("GET", "/api/v1/carbon/hotspots?entity=supplier&organization=\(Self.query(Self.organization))"))
            let top = try #require((hotspots["data"] as? [[String: Any]])?.first)
            #expect(top["key"] as? String == CarbonDemo.hotspotSupplier)
            #expect((top["percentAbove"] as? Double ?? 0) > 100)

            // On the map (the dashboard's hotspot map): every demo activity has a place, so the cells carry
            // the hotspot too — Rhône Freight's trips start in Lyon, whose cell two other hauliers share.
            let cellSpots = try Self.json(try await server.request("GET", "/api/v1/carbon/hotspots?entity=cell&organization=\(Self.query(Self.organization))"))
            let hotCell = try #require((cellSpots["data"] as? [[String: Any]])?.first, "\(cellSpots)")
            #expect(hotCell["h3Index"] as? String != nil)
            #expect((hotCell["percentAbove"] as? Double ?? 0) >= 20, "a hotspot is at least 20 % above its baseline")
            #expect(hotCell["key"] as? String == hotCell["h3Index"] as? String)
            let map = try Self.json(try await server.request(
                "GET", "/api/v1/carbon/report?groupBy=cell&resolution=4&format=geojson&organization=\(Self.query(Self.organization))"))
            let features = map["features"] as? [[String: Any]] ?? []
            let places = Set(CarbonDemo.laneOrigins.map { "\($0)" } + CarbonDemo.factories.map { "\($0)" })
            #expect(features.count >= places.count - 4, "one cell per place, a few places sharing a resolution-4 cell: \(features.count)")
            let cellIds = features.compactMap { ($0["properties"] as? [String: Any])?["h3Index"] as? String }
            #expect(cellIds.count == features.count)

            // Recommendation: shift the hotspot supplier's road freight to rail, with cost and evidence.
            let open = try await Self.recommendations(server)
            let rail = try #require(open.first { ($0["lever"] as? [String: Any])?["supplier"] as? String == CarbonDemo.hotspotSupplier
                && ($0["lever"] as? [String: Any])?["type"] as? String == "shiftMode" })
            #expect(rail["status"] as? String == "open")
            #expect((rail["impactKg"] as? Double ?? 0) > 0)
            #expect((rail["costBasis"] as? String)?.contains("illustrative defaults") == true)
            #expect((rail["evidence"] as? [String])?.contains { $0.contains("above its baseline") } == true)
            let id = try #require(rail["id"] as? String)
            let metadata = try #require(alert["metadata"] as? [String: Any])
            #expect((metadata["recommendationIds"] as? [String])?.contains(id) == true, "the alert points at the recommendation")

            // Approve: analysts may not, admins may; the decision is audited.
            let analyst = try await server.services.access.accounts.createUser(email: "analyst@carbon.invalid", role: .analyst,
                                                                                organization: Self.organization).key.key
            #expect(try await server.request("POST", "/api/v1/carbon/recommendations/\(id)/approve", as: .bearer(analyst)).status == 403)
            let approved = try await server.request("POST", "/api/v1/carbon/recommendations/\(id)/approve",
                                                    body: #"{"note":"agreed with the carrier"}"#, contentType: "application/json")
            #expect(approved.status == 200, "\(approved.text)")
            #expect(try Self.json(approved)["status"] as? String == "approved")
            #expect(try await server.request("POST", "/api/v1/carbon/recommendations/\(id)/approve").status == 409, "approving twice")
            let done = try await server.request("POST", "/api/v1/carbon/recommendations/\(id)/done", as: .bearer(analyst))
            #expect(try Self.json(done)["status"] as? String == "done", "\(done.text)")

            let audit = try Self.json(try await server.request("GET", "/api/v1/audit?limit=50"))["data"] as? [[String: Any]] ?? []
            let decision = try #require(audit.first { $0["action"] as? String == "carbon.recommendation.approved" && $0["outcome"] as? String == "success" })
            #expect(decision["target"] as? String == "\(Self.organization)/\(id)")
            #expect((decision["detail"] as? String)?.contains("agreed with the carrier") == true)
            #expect(audit.contains { $0["action"] as? String == "carbon.recommendation.done" && $0["outcome"] as? String == "success" })
            #expect(audit.contains { $0["action"] as? String == "carbon.recommendation.approved" && $0["outcome"] as? String == "failure" },
                    "the refused second approval is recorded too")
            #expect(audit.contains { ($0["action"] as? String)?.hasSuffix("/approve") == true && $0["outcome"] as? String == "denied" },
                    "the analyst's attempt is recorded as denied")

            // The inventory sees the same activities, every line citing its factors.
            let inventory = try Self.json(try await server.request("GET", "/api/v1/carbon/report?groupBy=supplier&from=\(nowMs - 40 * 86_400_000)&to=\(nowMs + 1)&organization=\(Self.query(Self.organization))"))
            let hauliers = (inventory["groups"] as? [[String: Any]] ?? []).filter { ($0["label"] as? String)?.hasSuffix("Freight") == true }
            #expect(hauliers.first?["label"] as? String == CarbonDemo.hotspotSupplier, "the hotspot haulier leads the hauliers")
            #expect(hauliers.first?["activities"] as? Int == history.filter { $0.supplier == CarbonDemo.hotspotSupplier }.count + batch.count)
            let lines = inventory["lines"] as? [[String: Any]] ?? []
            #expect(Set(lines.compactMap { $0["scope"] as? Int }) == [1, 2, 3])
            #expect(lines.allSatisfy { !($0["factors"] as? [Any] ?? []).isEmpty })
            #expect((inventory["scope2MarketKg"] as? Double ?? 0) < (inventory["scope2LocationKg"] as? Double ?? 0), "HQ Paris' certificates lower market-based Scope 2")
        }
    }
}
