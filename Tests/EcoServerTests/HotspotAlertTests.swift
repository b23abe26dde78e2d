import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoCore
@testable import EcoServer
import Foundation
import Synchronization
import Testing

/// Hotspot alerts through the real server: a cluster of high readings raises one alert per hot cell,
/// resolved once the recent window no longer holds the cluster.
@Suite struct HotspotAlertTests {
    static let minute: Int64 = 60_000

    /// A 7 × 7 grid of stations 0.05° × 0.07° apart, measured at `timeMs`; the middle 3 × 3 read `high`.
    static func grid(at timeMs: Int64, high: Double) -> String {
        var lines: [String] = []
        for row in 0..<7 {
            for column in 0..<7 {
                let inCluster = (2...4).contains(row) && (2...4).contains(column)
                let value = inCluster ? high : 10.0 + Double((row * 7 + column) % 5)
                let lat = 48.5 + Double(row) * 0.05, lng = 2.0 + Double(column) * 0.07
                lines.append(#"{"variable":"pm25","value":\#(value),"observedAt":\#(timeMs),"lat":\#(lat),"lng":\#(lng),"source":"test","stationId":"g\#(row)-\#(column)"}"#)
            }
        }
        return lines.joined(separator: "\n")
    }

    static func hotspotAlerts(_ server: LiveServer, status: String) async throws -> [[String: Any]] {
        try await AlertPipelineTests.alerts(server, "?status=\(status)").filter { $0["alertType"] as? String == "hotspot" }
    }

    @Test func aClusterOfHighReadingsRaisesHotspotAlertsThatResolveWhenItPasses() async throws {
        let start = AlertPipelineTests.t0 + 600 * Self.minute
        let now = Mutex(start)
        try await LiveServer.with(configure: {
            $0.hotspotCheckSeconds = 0.2
            $0.hotspotResolution = 6
            $0.hotspotRings = 2
        }, clock: { now.withLock { $0 } }) { server in
            try await AlertPipelineTests.ingest(server, Self.grid(at: start - 10 * Self.minute, high: 80))
            // The cells the hotspot API calls hot at 99 % over the same window.
            let window = "start=\(Timestamp.format(ms: start - 60 * Self.minute))&end=\(Timestamp.format(ms: start + 1))"
            let report = try await server.request("GET", "/api/v1/hotspots?variable=pm25&resolution=6&k=2&\(window)").json()
            let expected = Set((report["data"] as? [[String: Any]] ?? []).filter { $0["classification"] as? String == "hot99" }.compactMap { $0["h3Index"] as? String })
            let center = Spatial.hex(try Spatial.cell(lat: 48.5 + 3 * 0.05, lng: 2.0 + 3 * 0.07, resolution: 6))
            #expect(expected.contains(center))

            func firingCells() async throws -> Set<String> {
                Set(try await Self.hotspotAlerts(server, status: "firing").compactMap { $0["h3Index"] as? String })
            }
            var firing: Set<String> = []
            for _ in 0..<300 where firing != expected {
                try await Task.sleep(for: .milliseconds(50))
                firing = try await firingCells()
            }
            #expect(firing == expected)
            let titles = try await Self.hotspotAlerts(server, status: "firing").compactMap { $0["title"] as? String }
            #expect(titles.allSatisfy { $0.hasPrefix("Hot spot of pm25") })
            // Checked again and again, a hot cell keeps its one alert.
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await Self.hotspotAlerts(server, status: "firing").count == expected.count)

            // The episode passes: an hour later the window holds only normal readings.
            try await AlertPipelineTests.ingest(server, Self.grid(at: start + 50 * Self.minute, high: 12))
            now.withLock { $0 = start + 61 * Self.minute }
            for _ in 0..<300 where !firing.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                firing = try await firingCells()
            }
            #expect(firing.isEmpty)
            #expect(try await Self.hotspotAlerts(server, status: "resolved").count == expected.count)
        }
    }
}
