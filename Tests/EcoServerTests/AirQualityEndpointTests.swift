import EcoAnalytics
import EcoCore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// The health endpoints through the real server, checked against the pure AQI functions of EcoAnalytics.
@Suite struct AirQualityEndpointTests {
    static let hour: Int64 = 3_600_000
    static let t0 = IngestTests.t0
    /// Two stations in one resolution-7 cell, and one far away.
    static let north = (lat: 48.8530, lng: 2.3490), south = (lat: 48.8520, lng: 2.3500), far = (lat: 48.95, lng: 2.60)
    static let cell = Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: north.lat, lng: north.lng), resolution: 7))

    static func line(_ variable: String, _ value: Double, hour: Int, at place: (lat: Double, lng: Double), station: String) -> String {
        #"{"variable":"\#(variable)","value":\#(value),"observedAt":\#(t0 + Int64(hour) * Self.hour),"lat":\#(place.lat),"lng":\#(place.lng),"source":"aq","stationId":"\#(station)"}"#
    }

    /// Hourly values of the fixture, hours 0–23: PM2.5 at both stations, O3 and NO2 (ppb) at the north one.
    static func pm25(_ station: String, _ hour: Int) -> Double { station == "north" ? 20 + Double(hour) : 30 + Double(hour % 5) }
    static func o3(_ hour: Int) -> Double { 40 + 2 * Double(hour) }
    static func no2(_ hour: Int) -> Double { 30 + Double(hour % 7) * 10 }

    static func seed(_ server: LiveServer) async throws {
        var lines: [String] = []
        for hour in 0..<24 {
            lines.append(line("pm25", pm25("north", hour), hour: hour, at: north, station: "north"))
            lines.append(line("pm25", pm25("south", hour), hour: hour, at: south, station: "south"))
            lines.append(line("o3", o3(hour), hour: hour, at: north, station: "north"))
            lines.append(line("no2", no2(hour), hour: hour, at: north, station: "north"))
            if hour >= 14 { lines.append(line("pm25", 12, hour: hour, at: far, station: "far")) }
        }
        try await AlertPipelineTests.ingest(server, lines.joined(separator: "\n"))
    }

    static func get(_ server: LiveServer, _ path: String) async throws -> [String: Any] {
        let reply = try await server.request("GET", path)
        #expect(reply.status == 200, "\(path): \(reply.text)")
        return try reply.json()
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    // MARK: the calculator

    @Test(arguments: [
        ("pm25", "24h", 35.5, nil as String?, "us-epa-2024"), ("pm25", "24h", 9.1, nil, "us-epa-2024"), ("pm10", "24h", 155, nil, "us-epa-2024"),
        ("o3", "8h", 0.078, nil, "us-epa-2024"), ("o3", "1h", 0.2, nil, "us-epa-2024"), ("co", "8h", 9.45, nil, "us-epa-2024"),
        ("so2", "1h", 200, nil, "us-epa-2024"), ("no2", "1h", 200, "µg/m³", "us-epa-2024"), ("o3", "8h", 0.21, nil, "us-epa-2024"),
        ("pm25", "24h", 400, nil, "us-epa-2024"), ("pm25", "24h", 15, nil, "eea-eaqi"), ("no2", "1h", 200, nil, "uk-daqi"),
    ])
    func calculatorAnswersWhatTheTablesSay(pollutant: String, averaging: String, concentration: Double, unit: String?, scale: String) async throws {
        let scaleValue = try #require(AirQualityIndexScales.named(scale))
        let expected = try scaleValue.rate(PollutantReading(pollutant: AirPollutant(parsing: pollutant), averaging: AveragingPeriod(parsing: averaging),
                                                            concentration: concentration, unit: unit))
        try await LiveServer.with { server in
            var path = "/api/v1/health/aqi?pollutant=\(pollutant)&averaging=\(averaging)&concentration=\(concentration)&scale=\(scale)"
            if let unit { path += "&unit=\(unit.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            let body = try await Self.get(server, path)
            #expect(body["scale"] as? String == scale)
            #expect(body["pollutant"] as? String == pollutant)
            #expect(body["averaging"] as? String == averaging)
            #expect(body["unit"] as? String == expected.unit)
            #expect(abs((body["concentration"] as? Double ?? .nan) - expected.concentration) < 1e-12)
            #expect(body["truncatedConcentration"] as? Double == expected.truncatedConcentration)
            // aqi, category and color are always there: null where the table defines none.
            #expect(body.keys.contains("aqi") && body.keys.contains("category") && body.keys.contains("color"))
            #expect(body["aqi"] as? Int == expected.aqi)
            if expected.aqi == nil { #expect(body["aqi"] is NSNull) }
            #expect(body["category"] as? String == expected.category)
            #expect(body["color"] as? String == expected.color)
            #expect(body["reason"] as? String == expected.reason)
        }
    }

    @Test func calculatorExamplesOfTheIssue() async throws {
        try await LiveServer.with { server in
            let pm = try await Self.get(server, "/api/v1/health/aqi?pollutant=pm25&averaging=24h&concentration=35.5")
            #expect(pm["aqi"] as? Int == 101 && pm["category"] as? String == "Unhealthy for Sensitive Groups" && pm["color"] as? String == "#FF7E00")
            let ozone = try await Self.get(server, "/api/v1/health/aqi?pollutant=o3&averaging=8h&concentration=0.21")
            #expect(ozone["aqi"] is NSNull)
            #expect((ozone["reason"] as? String ?? "").contains("1-hour"))
        }
    }

    @Test(arguments: [("pm25", "24h", 100, 35.2 as Double?, 35.4 as Double?), ("o3", "8h", 150, 0.085, 0.085), ("so2", "1h", 2, nil, nil)])
    func reverseGivesTheConcentrationRange(pollutant: String, averaging: String, aqi: Int, low: Double?, high: Double?) async throws {
        let expected = try EPAAirQualityIndex().concentrationRange(forAQI: aqi, pollutant: AirPollutant(parsing: pollutant),
                                                                    averaging: AveragingPeriod(parsing: averaging))
        #expect(expected.low == low && expected.high == high)
        try await LiveServer.with { server in
            let body = try await Self.get(server, "/api/v1/health/aqi?pollutant=\(pollutant)&averaging=\(averaging)&aqi=\(aqi)")
            #expect(body["low"] as? Double == low && body["high"] as? Double == high)
            #expect(body["category"] as? String == expected.category)
            if low == nil {
                #expect(body["low"] is NSNull)
                #expect(body["reason"] as? String == expected.reason)
            }
        }
    }

    @Test(arguments: [
        ("pollutant=pm26&averaging=24h&concentration=3", 400, "Unknown pollutant 'pm26'; use one of: pm25, pm10, o3, co, so2, no2."),
        ("pollutant=pm25&averaging=24h&concentration=-3", 422, "Concentration -3.0 is negative"),
        ("pollutant=pm25&averaging=24h&concentration=3&unit=ppb", 422, "Unit 'ppb' does not apply to PM2.5 (the table is in µg/m³); use one of"),
        ("pollutant=pm25&averaging=1h&concentration=3", 422, "for hourly PM use the NowCast"),
        ("pollutant=pm25&averaging=24h", 400, "Give 'concentration'"),
        ("averaging=24h&concentration=3", 400, "Query parameter 'pollutant' is required, e.g. pollutant=pm25."),
        ("pollutant=pm25&concentration=3", 400, "Query parameter 'averaging' is required"),
        ("pollutant=pm25&averaging=24h&concentration=high", 400, "'high' is not a number"),
        ("pollutant=pm25&averaging=24h&concentration=3&aqi=50", 400, "not both"),
        ("pollutant=pm25&averaging=24h&aqi=501", 422, "AQI 501 is outside the scale's 0…500."),
        ("pollutant=pm25&averaging=24h&concentration=3&scale=aus", 400, "'scale' must be one of us-epa-2024, eea-eaqi, uk-daqi"),
        ("pollutant=co&averaging=8h&concentration=3&scale=eea-eaqi", 422, "has no table for CO"),
    ])
    func badInputIsAProblemSayingWhatAndHowToFix(query: String, status: Int, message: String) async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("GET", "/api/v1/health/aqi?\(query)")
            #expect(reply.status == status, "\(reply.text)")
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect((try reply.json()["detail"] as? String ?? "").contains(message), "\(reply.text)")
        }
    }

    // MARK: air quality from stored observations

    @Test func cellIndexIsTheTablesRatingOfTheHourlyMeans() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let body = try await Self.get(server, "/api/v1/health/air-quality?resolution=7")
            #expect(body["windowEnd"] as? String == Timestamp.format(ms: Self.t0 + 24 * Self.hour))
            let places = body["data"] as? [[String: Any]] ?? []
            #expect(places.count == 2)
            let place = try #require(places.first { $0["h3Index"] as? String == Self.cell })

            // Expected: the cell's hourly means (both stations merged), averaged as the TAD says, rated by EcoAnalytics.
            let epa = EPAAirQualityIndex()
            let pmHourly = (0..<24).map { Self.mean([Self.pm25("north", $0), Self.pm25("south", $0)]) }
            let pm = try epa.rate(.pm25, .twentyFourHour, concentration: Self.mean(pmHourly))
            let ozone8 = try epa.rate(.o3, .eightHour, concentration: Self.mean((16..<24).map(Self.o3)) / 1000)
            let ozone1 = try epa.rate(.o3, .oneHour, concentration: Self.o3(23) / 1000)
            let no2 = try epa.rate(.no2, .oneHour, concentration: Self.no2(23))
            let overall = epa.overall([pm, ozone1, ozone8, no2])
            #expect(place["aqi"] as? Int == overall.aqi)
            #expect(place["category"] as? String == overall.category)
            #expect(place["color"] as? String == overall.color)
            #expect(place["dominantPollutants"] as? [String] == overall.dominantPollutants.map(\.rawValue))

            let readings = place["readings"] as? [[String: Any]] ?? []
            func reading(_ pollutant: String, _ averaging: String) -> [String: Any]? {
                readings.first { $0["pollutant"] as? String == pollutant && $0["averaging"] as? String == averaging }
            }
            for (expected, averaging) in [(pm, "24h"), (ozone8, "8h"), (ozone1, "1h"), (no2, "1h")] {
                let got = try #require(reading(expected.pollutant.rawValue, averaging))
                #expect(got["aqi"] as? Int == expected.aqi, "\(expected.pollutant) \(averaging)")
                #expect(got["truncatedConcentration"] as? Double == expected.truncatedConcentration)
                #expect(abs((got["concentration"] as? Double ?? .nan) - expected.concentration) < 1e-9)
            }
            #expect(reading("o3", "1h")?["aqi"] is NSNull)   // 1-hour O3 below 0.125 ppm: undefined, and said why
            #expect(reading("pm25", "24h")?["hoursWithData"] as? Int == 24)

            // The far station has 10 of 24 hours: too few for a 24-hour mean, and the answer says so.
            let far = try #require(places.first { $0["h3Index"] as? String != Self.cell })
            #expect(far["aqi"] is NSNull)
            #expect((far["notes"] as? [String] ?? []).contains("PM2.5 24h: 10 of the last 24 hours have data; the mean needs 18."))
        }
    }

    @Test func stationsNowCastAndGeoJSON() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let epa = EPAAirQualityIndex()
            let stations = try await Self.get(server, "/api/v1/health/air-quality?by=station&pollutants=pm25&h3=\(Self.cell)")["data"] as? [[String: Any]] ?? []
            #expect(stations.compactMap { $0["stationId"] as? String }.sorted() == ["north", "south"])
            for station in stations {
                let id = station["stationId"] as? String ?? ""
                let expected = try epa.rate(.pm25, .twentyFourHour, concentration: Self.mean((0..<24).map { Self.pm25(id, $0) }))
                #expect(station["aqi"] as? Int == expected.aqi, "\(id)")
            }

            let nowcast = try await Self.get(server, "/api/v1/health/air-quality?averaging=nowcast&pollutants=pm25,o3&h3=\(Self.cell)")
            let place = try #require((nowcast["data"] as? [[String: Any]])?.first)
            let pm = try #require(epa.nowCastAQI(.pm25, hourly: (0..<24).map { Self.mean([Self.pm25("north", $0), Self.pm25("south", $0)]) }).reading)
            let ozone = try #require(epa.nowCastAQI(.o3, hourly: (0..<24).map { Self.o3($0) / 1000 }).reading)
            let readings = place["readings"] as? [[String: Any]] ?? []
            #expect(readings.first { $0["pollutant"] as? String == "pm25" }?["aqi"] as? Int == pm.aqi)
            #expect(readings.first { $0["pollutant"] as? String == "pm25" }?["method"] as? String == "nowcast")
            #expect(readings.first { $0["pollutant"] as? String == "o3" && $0["averaging"] as? String == "8h" }?["aqi"] as? Int == ozone.aqi)

            let reply = try await server.request("GET", "/api/v1/health/air-quality?format=geojson&resolution=7")
            #expect(reply.contentType == "application/geo+json")
            let features = try reply.json()["features"] as? [[String: Any]] ?? []
            #expect(features.count == 2)
            let feature = try #require(features.first { ($0["properties"] as? [String: Any])?["h3Index"] as? String == Self.cell })
            #expect((feature["geometry"] as? [String: Any])?["type"] as? String == "Polygon")
            #expect((feature["properties"] as? [String: Any])?["aqi"] as? Int != nil)
        }
    }

    @Test func cellsGeoJSONCarriesTheAQIOfPollutantMeans() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let reply = try await server.request("GET", "/api/v1/cells?variable=pm25&resolution=7&format=geojson")
            let features = try reply.json()["features"] as? [[String: Any]] ?? []
            #expect(features.count == 2)
            for feature in features {
                let properties = feature["properties"] as? [String: Any] ?? [:]
                let mean = try #require(properties["mean"] as? Double)
                let expected = try EPAAirQualityIndex().rate(.pm25, .twentyFourHour, concentration: mean)
                #expect(properties["aqi"] as? Int == expected.aqi)
                #expect(properties["aqiColor"] as? String == expected.color)
            }
            // Not a pollutant: no AQI.
            try await AlertPipelineTests.ingest(server, AlertPipelineTests.series(station: "t", hours: 0..<3))
            let temperature = try await server.request("GET", "/api/v1/cells?variable=temperature_2m&format=geojson").json()
            let properties = (temperature["features"] as? [[String: Any]])?.first?["properties"] as? [String: Any] ?? [:]
            #expect(properties["mean"] != nil && properties["aqi"] == nil)
        }
    }

    @Test func airQualityRejectsWhatItCannotAnswer() async throws {
        try await LiveServer.with { server in
            for (query, status, message) in [
                ("averaging=nowcast&scale=eea-eaqi", 400, "averaging=nowcast is the US EPA's real-time method"),
                ("variable=pm25", 400, "Use 'pollutants'"),
                ("pollutants=pm26", 400, "Unknown pollutant 'pm26'"),
                ("pollutants=co&scale=uk-daqi", 422, "has no table for CO"),
                ("by=region", 400, "'by' must be one of cell, station"),
            ] {
                let reply = try await server.request("GET", "/api/v1/health/air-quality?\(query)")
                #expect(reply.status == status, "\(query): \(reply.text)")
                #expect((try reply.json()["detail"] as? String ?? "").contains(message), "\(reply.text)")
            }
            // No data: an empty list, not an error.
            #expect((try await Self.get(server, "/api/v1/health/air-quality")["data"] as? [Any])?.isEmpty == true)
        }
    }

    // MARK: forecast

    /// PM2.5 with a daily cycle, µg/m³.
    static func cycle(_ hour: Int) -> Double {
        let daily: Double = 10 * sin(2 * Double.pi * Double(hour) / 24)
        return 18 + daily + Double((hour * 7) % 5) * 0.3
    }

    @Test func forecastBandsAreTheAQIOfTheRunningMeansOfTheForecastPaths() async throws {
        try await LiveServer.with { server in
            let lines = (0..<(10 * 24)).map { hour in Self.line("pm25", Self.cycle(hour), hour: hour, at: Self.north, station: "north") }
            try await AlertPipelineTests.ingest(server, lines.joined(separator: "\n"))
            let reply = try await server.request("GET", "/api/v1/health/air-quality/\(Self.cell)/forecast?pollutant=pm25&horizon=12")
            #expect(reply.status == 200, "\(reply.text)")
            let body = try reply.json()
            let pollutant = try #require((body["pollutants"] as? [[String: Any]])?.first)
            #expect(pollutant["averaging"] as? String == "24h")
            let steps = pollutant["steps"] as? [[String: Any]] ?? []
            #expect(steps.count == 12)

            // The same stored forecast run, as the forecast API gives it.
            let forecast = try await Self.get(server, "/api/v1/climate/forecasts?h3=\(Self.cell)&variable=pm25&horizon=12")
            let values = forecast["forecasts"] as? [[String: Any]] ?? []
            #expect(pollutant["modelName"] as? String == forecast["modelName"] as? String)
            let observed = (216..<240).map(Self.cycle)
            for band in ["P10", "P50", "P90"] {
                let path = values.map { max(0, $0["value\(band)"] as? Double ?? .nan) }
                for (index, step) in steps.enumerated() {
                    let window = Array((observed + path[...index]).suffix(24))
                    let expected = try EPAAirQualityIndex().rate(.pm25, .twentyFourHour, concentration: Self.mean(window))
                    let got = step[band.lowercased()] as? [String: Any] ?? [:]
                    #expect(abs((got["concentration"] as? Double ?? .nan) - Self.mean(window)) < 1e-9, "\(band) \(index)")
                    #expect(got["aqi"] as? Int == expected.aqi, "\(band) \(index)")
                }
            }
            for step in steps {
                let aqis = ["p10", "p50", "p90"].map { (step[$0] as? [String: Any])?["aqi"] as? Int ?? -1 }
                #expect(aqis[0] <= aqis[1] && aqis[1] <= aqis[2])
            }
            #expect((body["overall"] as? [Any])?.count == 12)

            let missing = try await server.request("GET", "/api/v1/health/air-quality/872830828ffffff/forecast")
            #expect(missing.status == 404)
            #expect(missing.text.contains("No pollutant series lies in cell 872830828ffffff"))
            #expect(try await server.request("GET", "/api/v1/health/air-quality/nothex/forecast").status == 400)
        }
    }
}
