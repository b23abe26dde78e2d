import EcoCore
import EcoStore
import EcoStoreSQLite
import EcoTestSupport

@testable import EcoPipeline
import EcoCore
@testable import EcoServer
import EcoStore
import Foundation
import Synchronization
import Testing

/// From ingest to alerts: detection in the background, alert lifecycle, rules, live streams (SSE and
/// WebSocket), event replay and hotspots, all through the real server.
@Suite struct AlertPipelineTests {
    static let t0: Int64 = 1_700_000_000_000 / 86_400_000 * 86_400_000

    /// Hourly NDJSON for one station: a daily cycle plus a small deterministic wobble; `spikes` replace values.
    static func series(station: String, variable: String = "temperature_2m", hours: Range<Int>, spikes: [Int: Double] = [:],
                       lat: Double = 48.85, lng: Double = 2.35) -> String {
        hours.map { hour in
            let value = spikes[hour] ?? (15 + 5 * sin(Double(hour) * .pi / 12) + 0.3 * sin(Double(hour) * 1.7))
            return #"{"variable":"\#(variable)","value":\#(value),"observedAt":\#(t0 + Int64(hour) * 3_600_000),"lat":\#(lat),"lng":\#(lng),"source":"test","stationId":"\#(station)"}"#
        }.joined(separator: "\n")
    }

    static func ingest(_ server: LiveServer, _ ndjson: String) async throws {
        let reply = try await server.request("POST", "/api/v1/observations", body: ndjson, contentType: "application/x-ndjson")
        #expect(reply.status == 200, "\(reply.text)")
    }

    /// Waits until the detection consumer (each partition's, with several) has processed every event in the log.
    static func detectionCaughtUp(_ server: LiveServer) async throws {
        try await detectionCaughtUp(server.services.store, partitions: server.services.platform.configuration.detectionPartitionCount)
    }

    /// Waits until each of the `partitions` detection consumers has processed every event in the log.
    static func detectionCaughtUp(_ store: any EcoStore, partitions: Int, within limit: Duration = liveDelivery) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let latest = try await store.latestEventOffset()
            let offsets = try await store.consumerOffsets()
            if DetectionPartition.all(count: partitions).allSatisfy({ (offsets[$0.consumer] ?? 0) >= latest }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("detection did not catch up within \(limit)")
    }

    static func alerts(_ server: LiveServer, _ query: String = "") async throws -> [[String: Any]] {
        let reply = try await server.request("GET", "/api/v1/alerts\(query)")
        #expect(reply.status == 200, "\(reply.text)")
        return try reply.json()["data"] as? [[String: Any]] ?? []
    }

    @Test func aSpikeReachesTheSSEAndWebSocketClientsAndCanBeAcknowledgedAndResolved() async throws {
        try await LiveServer.with { server in
            try await Self.ingest(server, Self.series(station: "paris-1", hours: 0..<168))
            try await Self.detectionCaughtUp(server)
            #expect(try await Self.alerts(server).isEmpty, "a regular series raises no alert, warm-up included")

            let auth = ["Authorization": "Bearer \(server.adminKey)"]
            let sse = SSEClient(url: URL(string: "/api/v1/alerts/stream?domains=climate&heartbeat=1", relativeTo: server.baseURL)!, headers: auth)
            defer { sse.close() }
            let ws = try await LoopbackWebSocketClient.connect(port: server.baseURL.port!, path: "/ws/alerts", headers: auth)
            defer { ws.close() }
            try ws.send(#"{"subscribe": {"domains": ["climate"], "severity": ["warning", "critical"]}}"#)
            let subscribed = try await first(of: ws.messages, within: liveDelivery) { $0.contains(#""type":"subscribed""#) }
            #expect(subscribed != nil)
            // The SSE stream is live once its opening comment has arrived.
            #expect(try await first(of: sse.opened, within: liveDelivery) { true } != nil)

            try await Self.ingest(server, Self.series(station: "paris-1", hours: 168..<169, spikes: [168: 45]))
            let pushed = try await first(of: ws.messages, within: liveDelivery) { $0.contains(#""type":"alert""#) }
            let streamed = try await first(of: sse.events, within: liveDelivery) { $0.name == "ecotrack.alert.created" }
            let message = try #require(pushed)
            #expect(message.contains(#""alertType":"anomaly""#) && message.contains("paris-1"))
            let event = try #require(streamed)
            let alert = try #require(try JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any])
            #expect(alert["status"] as? String == "firing")
            #expect(alert["severity"] as? String == "critical")
            let id = try #require(alert["id"] as? String)

            let anomalies = try await server.request("GET", "/api/v1/anomalies?variable=temperature_2m").json()["data"] as? [[String: Any]] ?? []
            #expect(anomalies.contains { $0["kind"] as? String == "spike" && $0["value"] as? Double == 45 })

            let ack = try await server.request("POST", "/api/v1/alerts/\(id)/ack", body: #"{"note":"crew dispatched"}"#, contentType: "application/json")
            #expect(ack.status == 200, "\(ack.text)")
            #expect(try ack.json()["status"] as? String == "acknowledged")

            try await Self.ingest(server, Self.series(station: "paris-1", hours: 169..<173))
            try await Self.detectionCaughtUp(server)
            let detail = try await server.request("GET", "/api/v1/alerts/\(id)").json()
            let history = (detail["history"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
            #expect(history == ["firing", "acknowledged", "resolved"])
            let acknowledgement = (detail["history"] as? [[String: Any]])?.first { $0["status"] as? String == "acknowledged" }
            #expect(acknowledgement?["note"] as? String == "crew dispatched")
            #expect((acknowledgement?["actor"] as? String)?.isEmpty == false)
            #expect(try await server.request("POST", "/api/v1/alerts/\(id)/ack").status == 409)
        }
    }

    @Test func aThresholdRuleGoesPendingFiringAndResolvesWithHysteresis() async throws {
        try await LiveServer.with { server in
            let rule = #"{"name":"PM2.5 episode","variable":"pm25","threshold":35,"clearThreshold":25,"forSeconds":7200,"severity":"critical"}"#
            let created = try await server.request("POST", "/api/v1/alerts/rules", body: rule, contentType: "application/json")
            #expect(created.status == 201, "\(created.text)")
            let ruleID = try #require(try created.json()["id"] as? String)

            func pm25(_ values: [(Int, Double)]) -> String {
                values.map { #"{"variable":"pm25","value":\#($0.1),"observedAt":\#(Self.t0 + Int64($0.0) * 3_600_000),"lat":48.85,"lng":2.35,"source":"test","stationId":"roadside"}"# }
                    .joined(separator: "\n")
            }
            func thresholdAlerts() async throws -> [[String: Any]] {
                try await Self.detectionCaughtUp(server)
                return try await Self.alerts(server).filter { $0["alertType"] as? String == "threshold" }
            }
            try await Self.ingest(server, pm25((0..<10).map { ($0, 10) }))
            #expect(try await thresholdAlerts().isEmpty)
            try await Self.ingest(server, pm25([(10, 50)]))
            #expect(try await thresholdAlerts().map { $0["status"] as? String } == ["pending"])
            try await Self.ingest(server, pm25([(11, 48), (12, 52)]))
            #expect(try await thresholdAlerts().map { $0["status"] as? String } == ["firing"], "one alert, updated, not duplicated")
            try await Self.ingest(server, pm25([(13, 30)]))
            #expect(try await thresholdAlerts().map { $0["status"] as? String } == ["firing"], "30 is below 35 but above the clear threshold 25")
            try await Self.ingest(server, pm25([(14, 20)]))
            let alerts = try await thresholdAlerts()
            #expect(alerts.map { $0["status"] as? String } == ["resolved"])
            #expect((alerts.first?["metadata"] as? [String: Any])?["ruleId"] as? String == ruleID)
            let id = try #require(alerts.first?["id"] as? String)
            let history = try await server.request("GET", "/api/v1/alerts/\(id)").json()["history"] as? [[String: Any]] ?? []
            #expect(history.compactMap { $0["status"] as? String } == ["pending", "firing", "resolved"])
        }
    }

    @Test func ruleEditsAreValidatedAndSayHowToFixThem() async throws {
        try await LiveServer.with { server in
            let unknown = try await server.request("POST", "/api/v1/alerts/rules", body: #"{"name":"x","variable":"pm2.5","threshold":1}"#, contentType: "application/json")
            #expect(unknown.status == 400 && unknown.text.contains("GET /api/v1/variables"))
            let wrongSide = try await server.request("POST", "/api/v1/alerts/rules", body: #"{"name":"x","variable":"pm25","threshold":35,"clearThreshold":40}"#, contentType: "application/json")
            #expect(wrongSide.status == 400 && wrongSide.text.contains("clearThreshold"))
            let fahrenheit = try await server.request("POST", "/api/v1/alerts/rules", body: #"{"name":"heat","variable":"temperature_2m","threshold":104,"unit":"°F"}"#, contentType: "application/json")
            #expect(fahrenheit.status == 201)
            #expect(abs((try fahrenheit.json()["threshold"] as? Double ?? 0) - 40) < 1e-9, "thresholds are stored in the variable's unit")
            let id = try #require(try fahrenheit.json()["id"] as? String)
            let edited = try await server.request("PUT", "/api/v1/alerts/rules/\(id)", body: #"{"name":"heat","variable":"temperature_2m","threshold":42,"enabled":false}"#, contentType: "application/json")
            let enabled = try edited.json()["enabled"] as? Bool
            #expect(edited.status == 200 && enabled == false)
            #expect(try await server.request("DELETE", "/api/v1/alerts/rules/\(id)").status == 204)
            #expect(try await server.request("GET", "/api/v1/alerts/rules/\(id)").status == 404)
            #expect(try await server.request("GET", "/api/v1/alerts?severity=urgent").status == 400)
            #expect(try await server.request("GET", "/api/v1/alerts/nope").status == 404)
        }
    }

    @Test func theEventLogReplaysFromAnOffsetAndShowsConsumers() async throws {
        try await LiveServer.with { server in
            try await Self.ingest(server, Self.series(station: "a", hours: 0..<24))
            try await Self.detectionCaughtUp(server)
            let page = try await server.request("GET", "/api/v1/events?topic=ecotrack.ingest.observations&after=0").json()
            let events = page["data"] as? [[String: Any]] ?? []
            #expect(events.count == 1)
            let payload = events.first?["payload"] as? [String: Any]
            let runs = payload?["runs"] as? [[String: Any]] ?? []
            #expect(runs.count == 1 && (runs.first?["seriesIds"] as? [Int])?.count == 1)
            let from = (runs.first?["fromMs"] as? NSNumber)?.int64Value ?? 0, to = (runs.first?["toMs"] as? NSNumber)?.int64Value ?? 0
            #expect(to - from == 23 * 3_600_000, "the run covers the 24 hours written")
            #expect((events.first?["key"] as? String)?.count == 15, "spatial events are keyed by their resolution-3 cell")
            let consumers = try await server.request("GET", "/api/v1/events/consumers").json()["data"] as? [[String: Any]] ?? []
            #expect(consumers.contains { $0["name"] as? String == "detection" && $0["lag"] as? Int == 0 })
            #expect(try await server.request("GET", "/api/v1/events?after=-1").status == 400)
            #expect(try await server.request("GET", "/api/v1/events", as: .none).status == 401)
        }
    }

    @Test func aReconnectingWebSocketClientGetsTheAlertsItMissed() async throws {
        try await LiveServer.with { server in
            try await Self.ingest(server, Self.series(station: "b", hours: 0..<120))
            try await Self.detectionCaughtUp(server)
            let before = try await server.services.store.latestEventOffset()
            try await Self.ingest(server, Self.series(station: "b", hours: 120..<121, spikes: [120: -20]))
            try await Self.detectionCaughtUp(server)
            let ws = try await LoopbackWebSocketClient.connect(port: server.baseURL.port!, path: "/ws/alerts?access_token=\(server.adminKey)")
            defer { ws.close() }
            try ws.send(#"{"subscribe": {}, "after": \#(before)}"#)
            let replayed = try await first(of: ws.messages, within: liveDelivery) { $0.contains(#""type":"alert""#) }
            #expect(replayed?.contains(#""stationId":"b""#) == true)
        }
    }

    @Test func detectionResumesAfterARestartWithoutANewWarmUp() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-\(UUID().uuidString)/ecotrack.sqlite").path
        try await LiveServer.with(storePath: path) { server in
            try await Self.ingest(server, Self.series(station: "c", hours: 0..<120))
            try await Self.detectionCaughtUp(server)
        }
        try await LiveServer.with(storePath: path) { server in
            try await Self.ingest(server, Self.series(station: "c", hours: 120..<121, spikes: [120: 42]))
            try await Self.detectionCaughtUp(server)
            let alerts = try await Self.alerts(server)
            #expect(alerts.count == 1 && alerts.first?["alertType"] as? String == "anomaly",
                    "the detector re-learned the series from stored history, so the first new point can alert")
        }
    }

    @Test func aBacklogIngestedWhileDetectionWasOffIsReadBackAndScoredAfterARestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-\(UUID().uuidString)/ecotrack.sqlite").path
        try await LiveServer.with(storePath: path, configure: { $0.detection = false }) { server in
            try await Self.ingest(server, Self.series(station: "d", hours: 0..<120))
            try await Self.ingest(server, Self.series(station: "d", hours: 120..<121, spikes: [120: 42]))
        }
        // A new process remembers none of those inserts, so detection reads their points from the store.
        try await LiveServer.with(storePath: path) { server in
            let events = try await server.services.store.events(after: 0, topics: [EventTopic.ingestObservations], limit: 10)
            #expect(!events.isEmpty && server.services.store.writtenPoints(ofEvents: events.map(\.offset)) == nil)
            try await Self.detectionCaughtUp(server)
            let alerts = try await Self.alerts(server)
            #expect(alerts.count == 1 && alerts.first?["alertType"] as? String == "anomaly")
        }
    }

    @Test func aSensorThatStopsReportingRaisesASilenceAlertThatResolvesWhenItComesBack() async throws {
        let hour: Int64 = 3_600_000
        let now = Mutex(Self.t0 + 95 * hour + 300_000)
        try await LiveServer.with(configure: { $0.silenceCheckSeconds = 0.2 }, clock: { now.withLock { $0 } }) { server in
            // Hourly readings arriving in real time up to now.
            try await Self.ingest(server, Self.series(station: "quiet", hours: 0..<96))
            try await Self.detectionCaughtUp(server)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await Self.alerts(server).isEmpty, "one hour of silence is normal for an hourly sensor")

            now.withLock { $0 = Self.t0 + 100 * hour }
            var silent: [[String: Any]] = []
            for _ in 0..<300 where silent.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                silent = try await Self.alerts(server, "?status=firing")
            }
            #expect(silent.count == 1)
            #expect(silent.first?["alertType"] as? String == "sensor")
            #expect((silent.first?["title"] as? String)?.hasPrefix("Sensor silent") == true)
            let anomalies = try await server.request("GET", "/api/v1/anomalies").json()["data"] as? [[String: Any]] ?? []
            #expect(anomalies.contains { $0["kind"] as? String == "gap" && $0["stationId"] as? String == "quiet" })

            // The sensor comes back: after three normal readings the alert resolves.
            now.withLock { $0 = Self.t0 + 105 * hour + 300_000 }
            try await Self.ingest(server, Self.series(station: "quiet", hours: 102..<106))
            try await Self.detectionCaughtUp(server)
            let id = silent.first?["id"] as? String ?? ""
            let detail = try await server.request("GET", "/api/v1/alerts/\(id)").json()
            #expect((detail["alert"] as? [String: Any])?["status"] as? String == "resolved", "\(detail)")
        }
    }

    @Test func aSensorThatStopsWhileTheServerIsRestartingIsStillNoticed() async throws {
        let hour: Int64 = 3_600_000
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-\(UUID().uuidString)/ecotrack.sqlite").path
        try await LiveServer.with(storePath: path, clock: { Self.t0 + 95 * hour + 300_000 }) { server in
            try await Self.ingest(server, Self.series(station: "restarted", hours: 0..<96))
            try await Self.detectionCaughtUp(server)
        }
        // The new process has seen nothing from the sensor, yet it was reporting until just before the restart.
        let now = Mutex(Self.t0 + 96 * hour)
        try await LiveServer.with(storePath: path, configure: { $0.silenceCheckSeconds = 0.2 }, clock: { now.withLock { $0 } }) { server in
            try await Task.sleep(for: .milliseconds(600))
            let quiet = try await Self.alerts(server)
            #expect(quiet.isEmpty, "one hour of silence is normal for an hourly sensor")
            now.withLock { $0 = Self.t0 + 101 * hour }
            var silent: [[String: Any]] = []
            for _ in 0..<300 where silent.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                silent = try await Self.alerts(server, "?status=firing")
            }
            #expect(silent.map { $0["alertType"] as? String } == ["sensor"])
        }
    }

    @Test func hotspotsFindTheClusterOfHighCells() async throws {
        try await LiveServer.with { server in
            var lines: [String] = []
            for row in 0..<7 {
                for column in 0..<7 {
                    let high = (2...4).contains(row) && (2...4).contains(column)
                    let value = high ? 80.0 : 10.0 + Double((row * 7 + column) % 5)
                    let lat = 48.5 + Double(row) * 0.05, lng = 2.0 + Double(column) * 0.07
                    lines.append(#"{"variable":"pm25","value":\#(value),"observedAt":\#(Self.t0),"lat":\#(lat),"lng":\#(lng),"source":"test","stationId":"g\#(row)-\#(column)"}"#)
                }
            }
            try await Self.ingest(server, lines.joined(separator: "\n"))
            let reply = try await server.request("GET", "/api/v1/hotspots?variable=pm25&resolution=6&k=2")
            #expect(reply.status == 200, "\(reply.text)")
            let body = try reply.json()
            let cells = body["data"] as? [[String: Any]] ?? []
            #expect((body["cells"] as? Int ?? 0) >= 40, "49 stations, a few sharing a resolution-6 cell")
            let center = Spatial.hex(try Spatial.cell(lat: 48.5 + 3 * 0.05, lng: 2.0 + 3 * 0.07, resolution: 6))
            let hot = cells.first { $0["h3Index"] as? String == center }
            #expect((hot?["classification"] as? String)?.hasPrefix("hot") == true)
            #expect(!cells.contains { ($0["classification"] as? String)?.hasPrefix("cold") == true && ($0["value"] as? Double ?? 0) > 50 })
            let geojson = try await server.request("GET", "/api/v1/hotspots?variable=pm25&resolution=6&k=2&format=geojson")
            #expect(geojson.status == 200 && geojson.text.contains("FeatureCollection"))
            let noVariable = try await server.request("GET", "/api/v1/hotspots?resolution=6")
            #expect(noVariable.status == 400 && noVariable.text.contains("variable"))
            #expect(try await server.request("GET", "/api/v1/hotspots?variable=pm25&k=9").status == 400)
            #expect(try await server.request("GET", "/api/v1/hotspots?variable=pm25&format=csv").status == 400)
        }
    }
}
