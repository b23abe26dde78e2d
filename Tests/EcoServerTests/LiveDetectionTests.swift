import EcoCore
import EcoRandom
import EcoStore

@testable import EcoPipeline
import Foundation
import EcoTestSupport
import Synchronization
import Testing

/// Issue #20, the live pipeline: what a WebSocket client subscribed to `/ws/alerts` receives while a
/// seasonal sensor reports through the real server: one alert per incident, one notice when a sensor
/// comes back from a long silence, and the same behaviour across a restart.
@Suite struct LiveDetectionTests {
    static let t0 = AlertPipelineTests.t0
    static let hour: Int64 = 3_600_000

    /// Hourly temperature with a daily cycle (±6 °C, warmest mid-afternoon) and Gaussian noise (σ 0.4 °C,
    /// fixed seed); `incident` adds `excess` to those hours.
    static func seasonal(station: String, hours: Range<Int>, incident: Range<Int> = 0..<0, excess: Double = 0) -> String {
        hours.map { h in
            var random = SplitMix64(seed: UInt64(h) &* 7_919 &+ 17)
            let daily = 6 * sin(2 * .pi * (Double(h % 24) - 9) / 24)
            let value = 14 + daily + 0.4 * random.gaussian() + (incident.contains(h) ? excess : 0)
            return #"{"variable":"temperature_2m","value":\#(value),"observedAt":\#(t0 + Int64(h) * hour),"lat":45.76,"lng":4.84,"source":"test","stationId":"\#(station)"}"#
        }.joined(separator: "\n")
    }

    /// Posts `hours` one day (or what is left of it) per request, as a logger uploading daily would.
    static func ingestDaily(_ server: LiveServer, station: String, hours: Range<Int>, incident: Range<Int> = 0..<0, excess: Double = 0) async throws {
        for start in stride(from: hours.lowerBound, to: hours.upperBound, by: 24) {
            let day = start..<min(start + 24, hours.upperBound)
            try await AlertPipelineTests.ingest(server, seasonal(station: station, hours: day, incident: incident, excess: excess))
        }
    }

    @Test func aSeasonalSeriesWithOneIncidentRaisesExactlyOneAlert() async throws {
        try await LiveServer.with { server in
            let feed = try await AlertFeed.subscribe(to: server)
            defer { feed.close() }
            // Five days of warm-up, then three days with one incident: four hours 7 °C too warm in the night.
            let incident = 6 * 24 + 2..<6 * 24 + 6
            try await Self.ingestDaily(server, station: "lyon", hours: 0..<8 * 24, incident: incident, excess: 7)
            try await feed.caughtUp(with: server)
            let created = feed.alerts(topic: EventTopic.alertCreated)
            #expect(created.count == 1, "\(created.map { $0["title"] ?? "" })")
            let alert = try #require(created.first)
            #expect(alert["alertType"] as? String == "anomaly")
            let from = try #require(Timestamp.parse(alert["validFrom"] as? String ?? ""))
            #expect(incident.contains(Int((from - Self.t0) / Self.hour)), "the alert is about the incident, not the daily cycle")
            // Normal values after the incident resolve the one alert.
            let resolved = feed.alerts(topic: EventTopic.alertUpdated).filter { $0["status"] as? String == "resolved" }
            #expect(resolved.map { $0["id"] as? String } == [alert["id"] as? String])
        }
    }

    /// With one detection partition and with four (the silence is noticed by the partition of the series).
    @Test(arguments: [1, 4]) func aSensorBackAfterThreeDaysOfSilenceGetsOneNoticeAndNoSpikeAlarms(partitions: Int) async throws {
        let now = Mutex(Self.t0 + 119 * Self.hour + 300_000)
        try await LiveServer.with(configure: { $0.silenceCheckSeconds = 0.2; $0.detectionPartitions = partitions }, clock: { now.withLock { $0 } }) { server in
            let feed = try await AlertFeed.subscribe(to: server)
            defer { feed.close() }
            // Five days in real time, then nothing for three days (the server notices the silence once).
            try await Self.ingestDaily(server, station: "silent", hours: 0..<120)
            try await AlertPipelineTests.detectionCaughtUp(server)
            now.withLock { $0 = Self.t0 + 150 * Self.hour }
            try await feed.waitFor { $0.contains { ($0["title"] as? String)?.hasPrefix("Sensor silent") == true } }
            now.withLock { $0 = Self.t0 + 190 * Self.hour }
            try await Task.sleep(for: .milliseconds(500))

            // Back 72 h after its last reading, in real time, one reading per hour.
            for hour in 192..<204 {
                now.withLock { $0 = Self.t0 + Int64(hour) * Self.hour + 60_000 }
                try await AlertPipelineTests.ingest(server, Self.seasonal(station: "silent", hours: hour..<hour + 1))
                try await AlertPipelineTests.detectionCaughtUp(server)
            }
            try await feed.caughtUp(with: server)
            let created = feed.alerts(topic: EventTopic.alertCreated)
            #expect(created.compactMap { $0["title"] as? String }.map { $0.prefix(14) } == ["Sensor silent:", "Sensor resumed"],
                    "one silence alert, one resumed notice, no spike or level-shift alarm: \(created.map { $0["description"] ?? "" })")
            let notice = try #require(created.last)
            #expect(notice["severity"] as? String == "info" && notice["alertType"] as? String == "sensor")
            #expect((notice["metadata"] as? [String: Any])?["silentForMs"] as? Double == Double(73 * Self.hour))
            // The silence alert and the notice are both resolved: nothing is left for anyone to acknowledge.
            let open = try await AlertPipelineTests.alerts(server, "?status=pending,firing,acknowledged")
            #expect(open.isEmpty, "\(open.map { $0["title"] ?? "" })")
        }
    }

    @Test func aSensorBackAfterThreeDaysAcrossARestartStillGetsItsNotice() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-\(UUID().uuidString)/ecotrack.sqlite").path
        try await LiveServer.with(storePath: path, clock: { Self.t0 + 119 * Self.hour + 300_000 }) { server in
            try await Self.ingestDaily(server, station: "offline", hours: 0..<120)
            try await AlertPipelineTests.detectionCaughtUp(server)
        }
        // The new process starts during the silence: it cannot tell a dead sensor from its own downtime,
        // but it notices the return.
        let now = Mutex(Self.t0 + 192 * Self.hour + 60_000)
        try await LiveServer.with(storePath: path, configure: { $0.silenceCheckSeconds = 0.2 }, clock: { now.withLock { $0 } }) { server in
            let feed = try await AlertFeed.subscribe(to: server)
            defer { feed.close() }
            for hour in 192..<200 {
                now.withLock { $0 = Self.t0 + Int64(hour) * Self.hour + 60_000 }
                try await AlertPipelineTests.ingest(server, Self.seasonal(station: "offline", hours: hour..<hour + 1))
            }
            try await feed.caughtUp(with: server)
            let created = feed.alerts(topic: EventTopic.alertCreated)
            #expect(created.compactMap { $0["title"] as? String }.map { $0.prefix(14) } == ["Sensor resumed"], "\(created.map { $0["description"] ?? "" })")
        }
    }

    /// Restarted with one detection partition, and upgraded to four: the partition of the series resumes
    /// where the single `detection` consumer stopped.
    @Test(arguments: [1, 4]) func aRestartNeitherRealertsOldIncidentsNorLosesTheWarmUp(partitionsAfter: Int) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-\(UUID().uuidString)/ecotrack.sqlite").path
        // Before the restart: six days, the last hours of which are an incident still under way.
        let incident = 6 * 24 - 3..<6 * 24 + 1
        let firstID = try await LiveServer.with(storePath: path) { server in
            try await Self.ingestDaily(server, station: "restart", hours: 0..<6 * 24, incident: incident, excess: 7)
            try await AlertPipelineTests.detectionCaughtUp(server)
            let alerts = try await AlertPipelineTests.alerts(server)
            #expect(alerts.map { $0["status"] as? String } == ["firing"], "\(alerts.map { $0["title"] ?? "" })")
            return alerts.first?["id"] as? String
        }
        try await LiveServer.with(storePath: path, configure: { $0.detectionPartitions = partitionsAfter }) { server in
            let feed = try await AlertFeed.subscribe(to: server)
            defer { feed.close() }
            // The incident's last hour, then a normal day: no new alert, and the open one resolves (the new
            // process knows it is open, from the store).
            try await Self.ingestDaily(server, station: "restart", hours: 6 * 24..<7 * 24, incident: incident, excess: 7)
            try await feed.caughtUp(with: server)
            #expect(feed.alerts(topic: EventTopic.alertCreated).isEmpty, "\(feed.alerts(topic: EventTopic.alertCreated).map { $0["title"] ?? "" })")
            let resolved = feed.alerts(topic: EventTopic.alertUpdated).filter { $0["status"] as? String == "resolved" }
            #expect(firstID != nil && resolved.map { $0["id"] as? String } == [firstID])

            // The warm-up survived: a fresh detector would stay silent for two days, this one alerts at once
            // on a sudden frost (12 °C below the night's usual).
            try await AlertPipelineTests.ingest(server, Self.seasonal(station: "restart", hours: 7 * 24..<7 * 24 + 1, incident: 7 * 24..<7 * 24 + 1, excess: -12))
            try await feed.caughtUp(with: server)
            let created = feed.alerts(topic: EventTopic.alertCreated)
            #expect(created.map { $0["alertType"] as? String } == ["anomaly"], "\(created.map { $0["description"] ?? "" })")
        }
    }
}

/// A WebSocket client subscribed to every alert change on `/ws/alerts`, keeping what it receives.
final class AlertFeed: Sendable {
    private let client: LoopbackWebSocketClient
    /// The `alert` messages received, as sent.
    private let inbox: Inbox
    private let reader: Task<Void, Never>
    /// The log offset the subscription started after.
    private let start: Int64

    private final class Inbox: Sendable {
        let messages = Mutex<[String]>([])
    }

    private init(client: LoopbackWebSocketClient, inbox: Inbox, reader: Task<Void, Never>, start: Int64) {
        self.client = client
        self.inbox = inbox
        self.reader = reader
        self.start = start
    }

    static func subscribe(to server: LiveServer) async throws -> AlertFeed {
        let client = try await LoopbackWebSocketClient.connect(port: server.baseURL.port!, path: "/ws/alerts",
                                                               headers: ["Authorization": "Bearer \(server.adminKey)"])
        try client.send(#"{"subscribe": {}}"#)
        let (subscribed, signal) = AsyncStream.makeStream(of: Int64.self)
        let inbox = Inbox()
        let reader = Task {
            for await message in client.messages {
                if message.contains(#""type":"subscribed""#) {
                    let json = try? JSONSerialization.jsonObject(with: Data(message.utf8)) as? [String: Any]
                    signal.yield((json?["offset"] as? NSNumber)?.int64Value ?? 0)
                }
                if message.contains(#""type":"alert""#) { inbox.messages.withLock { $0.append(message) } }
            }
        }
        var iterator = subscribed.makeAsyncIterator()
        let start = await iterator.next() ?? 0
        return AlertFeed(client: client, inbox: inbox, reader: reader, start: start)
    }

    /// The alerts received with `topic` (or all), in arrival order.
    func alerts(topic: String? = nil) -> [[String: Any]] {
        inbox.messages.withLock { $0 }.compactMap { message -> [String: Any]? in
            guard let json = try? JSONSerialization.jsonObject(with: Data(message.utf8)) as? [String: Any],
                  topic == nil || json["topic"] as? String == topic else { return nil }
            return json["alert"] as? [String: Any]
        }
    }

    /// Waits until detection has processed the log and this client has received every alert change in it.
    func caughtUp(with server: LiveServer) async throws {
        try await AlertPipelineTests.detectionCaughtUp(server)
        let logged = try await server.services.store.events(after: start, topics: [EventTopic.alertCreated, EventTopic.alertUpdated], limit: 10_000).count
        for _ in 0..<200 where inbox.messages.withLock({ $0.count }) < logged { try await Task.sleep(for: .milliseconds(50)) }
        #expect(inbox.messages.withLock { $0.count } == logged, "the WebSocket delivered every alert change in the log")
    }

    /// Waits (up to 15 s) until the alerts received so far satisfy `condition`.
    func waitFor(_ condition: ([[String: Any]]) -> Bool) async throws {
        for _ in 0..<300 {
            if condition(alerts()) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the expected alert did not arrive within 15 s")
    }

    func close() {
        reader.cancel()
        client.close()
    }
}
