import EcoAnalytics
import EcoCore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Synchronization
import Testing

/// Air quality alerts through the real server: a cell whose AQI reaches the alert category holds one
/// `air_quality` alert, resolved when its category drops back.
@Suite struct AirQualityAlertTests {
    static let hour: Int64 = 3_600_000

    static func day(startingAt first: Int, pm25: Double, lat: Double, lng: Double) -> String {
        (first..<(first + 24)).map { hour in
            #"{"variable":"pm25","value":\#(pm25),"observedAt":\#(AlertPipelineTests.t0 + Int64(hour) * Self.hour),"lat":\#(lat),"lng":\#(lng),"source":"aq","stationId":"s\#(lat)"}"#
        }.joined(separator: "\n")
    }

    static func alerts(_ server: LiveServer, status: String) async throws -> [[String: Any]] {
        try await AlertPipelineTests.alerts(server, "?status=\(status)").filter { $0["alertType"] as? String == "air_quality" }
    }

    static func wait(_ server: LiveServer, status: String, until done: ([[String: Any]]) -> Bool) async throws -> [[String: Any]] {
        var found: [[String: Any]] = []
        for _ in 0..<300 {
            found = try await alerts(server, status: status)
            if done(found) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return found
    }

    @Test func aCellCrossingIntoUnhealthyHoldsOneAlertThatResolvesWhenTheCategoryDropsBack() async throws {
        let t0 = AlertPipelineTests.t0
        let now = Mutex(t0 + 23 * Self.hour + 30 * 60_000)
        try await LiveServer.with(configure: {
            $0.airQualityCheckSeconds = 0.2
            $0.airQualityResolution = 7
        }, clock: { now.withLock { $0 } }) { server in
            // A polluted cell (80 µg/m³ a day: AQI 168, Unhealthy) and a clean one (AQI 28).
            try await AlertPipelineTests.ingest(server, Self.day(startingAt: 0, pm25: 80, lat: 48.85, lng: 2.35))
            try await AlertPipelineTests.ingest(server, Self.day(startingAt: 0, pm25: 5, lat: 48.95, lng: 2.60))
            let cell = Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: 48.85, lng: 2.35), resolution: 7))
            let expected = try EPAAirQualityIndex().rate(.pm25, .twentyFourHour, concentration: 80)
            #expect(expected.aqi == 168 && expected.category == "Unhealthy")

            let firing = try await Self.wait(server, status: "firing") { !$0.isEmpty }
            #expect(firing.count == 1)
            let alert = try #require(firing.first)
            #expect(alert["h3Index"] as? String == cell)
            #expect(alert["domain"] as? String == "health")
            #expect(alert["severity"] as? String == "warning")
            #expect(alert["title"] as? String == "Air quality Unhealthy in cell \(cell) (AQI 168, PM2.5)")
            // The endpoint says the same.
            let places = try await server.request("GET", "/api/v1/health/air-quality?resolution=7&h3=\(cell)").json()["data"] as? [[String: Any]]
            #expect(places?.first?["aqi"] as? Int == 168)

            // Checked again and again, the cell keeps its one alert.
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await Self.alerts(server, status: "firing,pending,acknowledged").count == 1)

            // The next day is clean: the 24-hour mean falls to Good and the alert resolves.
            try await AlertPipelineTests.ingest(server, Self.day(startingAt: 24, pm25: 5, lat: 48.85, lng: 2.35))
            now.withLock { $0 = t0 + 47 * Self.hour + 30 * 60_000 }
            let resolved = try await Self.wait(server, status: "resolved") { !$0.isEmpty }
            #expect(resolved.count == 1)
            #expect(resolved.first?["id"] as? String == alert["id"] as? String)
            #expect(try await Self.alerts(server, status: "firing,pending,acknowledged").isEmpty)
        }
    }

    @Test func belowTheAlertCategoryNothingIsRaised() async throws {
        let t0 = AlertPipelineTests.t0
        try await LiveServer.with(configure: {
            $0.airQualityCheckSeconds = 0.2
            $0.airQualityAlertCategory = .veryUnhealthy
        }, clock: { t0 + 23 * Self.hour }) { server in
            try await AlertPipelineTests.ingest(server, Self.day(startingAt: 0, pm25: 80, lat: 48.85, lng: 2.35))
            try await Task.sleep(for: .milliseconds(800))
            #expect(try await Self.alerts(server, status: "firing,pending,acknowledged,resolved").isEmpty)
        }
    }
}
