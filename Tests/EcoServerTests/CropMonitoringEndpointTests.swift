import EcoAnalytics
import EcoCore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// `GET /api/v1/food/crop-monitoring` through the real server: a hand-computed three-day season, the demo's
/// 40-year climate records recomputed here from the raw observations, and bad input.
@Suite struct CropMonitoringEndpointTests {
    static let lat = 48.85, lng = 2.35
    static var cell: String { Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: lat, lng: lng), resolution: 7)) }

    static func reading(_ variable: String, _ value: Double, day: String, hour: Int) -> String {
        #"{"variable":"\#(variable)","value":\#(value),"observedAt":"\#(day)T\#(hour < 10 ? "0" : "")\#(hour):00:00Z","lat":\#(lat),"lng":\#(lng),"stationId":"farm"}"#
    }

    /// Three days of 8/33, 2/12 and 20/24 °C: by the 86/50 method 10 + 1 + 12 = 23 °C·day; by Method 1 with the
    /// cap, 9 + 0 + 12 = 21.
    @Test func aThreeDaySeasonByHand() async throws {
        try await LiveServer.with { server in
            let lines = [
                Self.reading("temperature_2m", 8, day: "2025-06-01", hour: 5), Self.reading("temperature_2m", 33, day: "2025-06-01", hour: 15),
                Self.reading("temperature_2m", 2, day: "2025-06-02", hour: 5), Self.reading("temperature_2m", 12, day: "2025-06-02", hour: 15),
                Self.reading("temperature_2m", 20, day: "2025-06-03", hour: 5), Self.reading("temperature_2m", 24, day: "2025-06-03", hour: 15),
            ]
            try await AlertPipelineTests.ingest(server, lines.joined(separator: "\n"))
            let query = "crop=maize&seasonStart=06-01&seasonEnd=06-03&year=2025&h3=\(Self.cell)"
            let body = try await server.request("GET", "/api/v1/food/crop-monitoring?\(query)").json()
            #expect(body["baseTemperature"] as? Double == 10 && body["upperTemperature"] as? Double == 30 && body["method"] as? String == "clamped")
            let rows = body["data"] as? [[String: Any]] ?? []
            #expect(rows.count == 1 && rows.first?["h3Index"] as? String == Self.cell)
            let row = rows.first ?? [:]
            let season = row["season"] as? [String: Any] ?? [:]
            #expect(season["start"] as? String == "2025-06-01" && season["through"] as? String == "2025-06-03" && season["complete"] as? Bool == true)
            let gdd = row["degreeDays"] as? [String: Any] ?? [:]
            #expect(gdd["value"] as? Double == 23 && gdd["daysWithData"] as? Int == 3 && gdd["climatologyYears"] as? Int == 0)
            #expect((gdd["reason"] as? String ?? "").contains("the climatology needs 10"))
            #expect(row["precipitationMm"] == nil && (row["notes"] as? [String] ?? []).contains { $0.contains("No precipitation data in the season") })
            let methodOne = try await server.request("GET", "/api/v1/food/crop-monitoring?\(query)&method=average").json()
            let value = ((methodOne["data"] as? [[String: Any]])?.first?["degreeDays"] as? [String: Any])?["value"] as? Double
            #expect(value == 21)
        }
    }

    /// The demo's climate station: degree days and precipitation of the 2025 maize season (1 May – 30 September)
    /// and of every earlier season, summed here from the raw daily observations.
    @Test func demoSeasonAgainstItsOwnClimatology() async throws {
        let end: Int64 = 1_767_225_600_000 + 17 * 86_400_000   // 2026-01-18
        let batches = DemoClimate.observations(endMs: end)
        let station = DemoClimate.stations[0]
        let cell = Spatial.parent(of: Spatial.cell15(lat: station.lat, lng: station.lng), resolution: 7)
        var gddByYear: [Int: Double] = [:], rainByYear: [Int: Double] = [:]
        for observation in batches.joined() where observation.series.stationId == station.id {
            let date = CivilDate.date(fromDays: Int(observation.observedAtMs / 86_400_000))
            guard (5...9).contains(date.month) else { continue }
            if observation.series.variable == "temperature_2m" {
                gddByYear[date.year, default: 0] += max(0, min(max(observation.value, 10), 30) - 10)
            } else if observation.series.variable == "precipitation" {
                rainByYear[date.year, default: 0] += observation.value
            }
        }
        let gdd = gddByYear, rain = rainByYear
        let past = (1986...2024).map { gdd[$0]! }, pastRain = (1986...2024).map { rain[$0]! }
        let normal = past.reduce(0, +) / Double(past.count), rainNormal = pastRain.reduce(0, +) / Double(pastRain.count)
        try await LiveServer.with { server in
            for batch in batches { _ = try await server.services.store.insert(batch) }
            let body = try await server.request("GET", "/api/v1/food/crop-monitoring?crop=maize&h3=\(Spatial.hex(cell))").json()
            let row = (body["data"] as? [[String: Any]])?.first ?? [:]
            let season = row["season"] as? [String: Any] ?? [:]
            #expect(season["year"] as? Int == 2025 && season["days"] as? Int == 153 && season["complete"] as? Bool == true, "\(season)")
            let degreeDays = row["degreeDays"] as? [String: Any] ?? [:]
            #expect(abs((degreeDays["value"] as? Double ?? .nan) - gdd[2025]!) < 1e-6)
            #expect(degreeDays["climatologyYears"] as? Int == 39)
            #expect(abs((degreeDays["normal"] as? Double ?? .nan) - normal) < 1e-6)
            #expect(abs((degreeDays["anomaly"] as? Double ?? .nan) - (gdd[2025]! - normal)) < 1e-6)
            let precipitation = row["precipitationMm"] as? [String: Any] ?? [:]
            #expect(abs((precipitation["value"] as? Double ?? .nan) - rain[2025]!) < 1e-6)
            #expect(abs((precipitation["percentOfNormal"] as? Double ?? .nan) - 100 * rain[2025]! / rainNormal) < 1e-6)
            // The SPI-3 of September 2025 is the drought endpoint's.
            let drought = row["drought"] as? [String: Any] ?? [:]
            #expect(drought["month"] as? String == "2025-09", "\(drought)")
            let spi = try await server.request("GET", "/api/v1/food/drought-index?h3=\(Spatial.hex(cell))&scale=3").json()
            let september = (spi["data"] as? [[String: Any]] ?? []).first { $0["month"] as? String == "2025-09" }
            #expect(abs((drought["value"] as? Double ?? .nan) - (september?["value"] as? Double ?? .nan)) < 1e-9)
        }
    }

    @Test(arguments: [
        ("crop=rice", "Unknown crop 'rice'; use one of maize, soybean, wheat"),
        ("crop=maize&baseTemperature=45", "Base temperature 45.0 °C is outside -10…30 °C"),
        ("crop=maize&baseTemperature=abc", "'baseTemperature' must be a number"),
        ("crop=maize&upperTemperature=5", "Upper temperature 5.0 °C must be above the base temperature 10.0 °C"),
        ("crop=maize&seasonStart=02-30", "'02-30' is not a day of the year as MM-DD"),
        ("crop=custom&baseTemperature=8", "crop=custom needs baseTemperature"),
        ("crop=maize&method=gdd", "'method' must be one of average, clamped"),
        ("crop=maize&minYears=1", "'minYears' must be an integer from 2 to 100"),
        ("baseTemperature=10", "Query parameter 'crop' is required"),
    ])
    func badInputIsA400SayingWhatAndHowToFix(query: String, message: String) async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("GET", "/api/v1/food/crop-monitoring?\(query)")
            #expect(reply.status == 400, "\(query): \(reply.text)")
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect((try reply.json()["detail"] as? String ?? "").contains(message), "\(query): \(reply.text)")
        }
    }
}
