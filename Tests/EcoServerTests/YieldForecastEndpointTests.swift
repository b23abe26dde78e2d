import EcoAnalytics
import EcoCore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// `POST /api/v1/food/yield-forecast` through the real server: three-day seasons of hand-made weather, the
/// forecast recomputed here with ``YieldRegression`` on degree days and rain summed by hand, and bad input.
/// The yields are synthetic test values, not real data.
@Suite struct YieldForecastEndpointTests {
    static let lat = 48.85, lng = 2.35
    static var cell: String { Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: lat, lng: lng), resolution: 7)) }
    static let season = "crop=maize&seasonStart=06-01&seasonEnd=06-03"

    /// Day `d` (0–2) of the season of year `2013 + k`: minimum, maximum (°C) and precipitation (mm).
    static func weather(_ k: Int, _ d: Int) -> (tmin: Double, tmax: Double, rain: Double) {
        (6 + Double((k * 3 + d * 5) % 9), 22 + Double((k * 7 + d * 4) % 11), Double((k * 5 + d * 3) % 7) * 1.5)
    }

    /// Weather for 2013–2022; 2013 lacks the rain of its last day.
    static func ingestWeather(_ server: LiveServer) async throws {
        var lines: [String] = []
        func line(_ variable: String, _ value: Double, _ day: String, _ hour: Int) -> String {
            #"{"variable":"\#(variable)","value":\#(value),"observedAt":"\#(day)T\#(hour):00:00Z","lat":\#(lat),"lng":\#(lng),"stationId":"farm"}"#
        }
        for k in 0..<10 {
            for d in 0..<3 {
                let day = "\(2013 + k)-06-0\(d + 1)", w = weather(k, d)
                lines += [line("temperature_2m", w.tmin, day, 10), line("temperature_2m", w.tmax, day, 15)]
                if !(k == 0 && d == 2) { lines.append(line("precipitation", w.rain, day, 12)) }
            }
        }
        try await AlertPipelineTests.ingest(server, lines.joined(separator: "\n"))
    }

    static let yields: [Int: Double] = [2012: 7.9, 2013: 8.4, 2014: 8.8, 2015: 9.6, 2016: 8.1, 2017: 10.2, 2018: 9.0, 2019: 9.9, 2020: 8.6, 2021: 10.4]

    static func history(_ years: ClosedRange<Int>) -> String {
        "region,crop,year,yield,unit,source\n" + years.map { "farm-a,maize,\($0),\(yields[$0]!),t/ha,synthetic test values" }.joined(separator: "\n")
    }

    /// Degree days by McMaster & Wilhelm's Method 2 (maize: base 10 °C, both extremes clamped to 10–30 °C) and rain.
    static func aggregate(_ year: Int) -> [Double] {
        let days = (0..<3).map { weather(year - 2013, $0) }
        let clamp = { (t: Double) in min(max(t, 10), 30) }
        return [days.reduce(0) { $0 + (clamp($1.tmin) + clamp($1.tmax)) / 2 - 10 }, days.reduce(0) { $0 + $1.rain }]
    }

    @Test func forecastMatchesTheRegressionOnHandSummedSeasons() async throws {
        let used = Array(2014...2021)
        let model = try YieldRegression.fit(predictors: ["degreeDays", "precipitationMm"], rows: used.map(Self.aggregate), yields: used.map { Self.yields[$0]! })
        let p80 = model.predict(Self.aggregate(2022), level: 0.8), p95 = model.predict(Self.aggregate(2022), level: 0.95)
        let mean = used.map { Self.yields[$0]! }.reduce(0, +) / 8
        let total = used.reduce(0) { $0 + (Self.yields[$1]! - mean) * (Self.yields[$1]! - mean) }
        let residual = zip(used.map(Self.aggregate), used).reduce(0.0) { sum, item in
            let fitted = model.predict(item.0, level: 0.8).mean
            return sum + (Self.yields[item.1]! - fitted) * (Self.yields[item.1]! - fitted)
        }
        try await LiveServer.with { server in
            try await Self.ingestWeather(server)
            let reply = try await server.request("POST", "/api/v1/food/yield-forecast?\(Self.season)&h3=\(Self.cell)&year=2022",
                                                 body: Self.history(2012...2021), contentType: "text/csv")
            #expect(reply.status == 200, "\(reply.text)")
            let body = try reply.json()
            let forecast = body["forecast"] as? [String: Any] ?? [:]
            #expect(forecast["year"] as? Int == 2022)
            #expect(abs((forecast["degreeDays"] as? Double ?? .nan) - Self.aggregate(2022)[0]) < 1e-9)
            #expect(abs((forecast["precipitationMm"] as? Double ?? .nan) - Self.aggregate(2022)[1]) < 1e-9)
            #expect(abs((forecast["yield"] as? Double ?? .nan) - p80.mean) < 1e-9)
            let i80 = forecast["interval80"] as? [String: Double] ?? [:], i95 = forecast["interval95"] as? [String: Double] ?? [:]
            #expect(abs((i80["low"] ?? .nan) - p80.low) < 1e-9 && abs((i80["high"] ?? .nan) - p80.high) < 1e-9)
            #expect(abs((i95["low"] ?? .nan) - p95.low) < 1e-9 && abs((i95["high"] ?? .nan) - p95.high) < 1e-9)
            #expect((i95["low"] ?? 0) < (i80["low"] ?? 0) && (i80["high"] ?? 0) < (i95["high"] ?? 0))
            let fit = body["model"] as? [String: Any] ?? [:]
            #expect(fit["n"] as? Int == 8 && fit["degreesOfFreedom"] as? Int == 5)
            #expect(abs((fit["rSquared"] as? Double ?? .nan) - (1 - residual / total)) < 1e-9)
            let coefficients = fit["coefficients"] as? [[String: Any]] ?? []
            #expect(coefficients.map { $0["name"] as? String ?? "" } == ["intercept", "degreeDays", "precipitationMm"])
            #expect(abs((coefficients.last?["value"] as? Double ?? .nan) - model.coefficients[2]) < 1e-12)
            // The intercept at zero predictors reproduces the prediction.
            let x0 = Self.aggregate(2022), values = coefficients.map { $0["value"] as? Double ?? .nan }
            #expect(abs(values[0] + values[1] * x0[0] + values[2] * x0[1] - p80.mean) < 1e-9)
            #expect((body["yearsUsed"] as? [[String: Any]] ?? []).map { $0["year"] as? Int ?? 0 } == used)
            let skipped = body["skipped"] as? [[String: Any]] ?? []
            #expect(skipped.map { $0["year"] as? Int ?? 0 } == [2012, 2013])
            #expect((skipped.last?["reason"] as? String ?? "").contains("precipitation on 1 of its 3 days"), "\(skipped)")
            #expect(body["h3Index"] as? String == Self.cell && body["region"] as? String == "farm-a")
            #expect(body["sources"] as? [String] == ["synthetic test values"])
            // The same cell given as a point, and the default year (the latest season with data) is 2022.
            let point = try await server.request("POST", "/api/v1/food/yield-forecast?\(Self.season)&lat=\(Self.lat)&lng=\(Self.lng)",
                                                 body: Self.history(2012...2021), contentType: "text/csv").json()
            #expect((point["forecast"] as? [String: Any])?["yield"] as? Double == forecast["yield"] as? Double)
            // A history year equal to the forecast season is left out and said so.
            let inside = try await server.request("POST", "/api/v1/food/yield-forecast?\(Self.season)&h3=\(Self.cell)&year=2021",
                                                  body: Self.history(2012...2021), contentType: "text/csv").json()
            #expect((inside["skipped"] as? [[String: Any]] ?? []).contains { $0["year"] as? Int == 2021 && $0["reason"] as? String == "the forecast season itself" })
        }
    }

    @Test(arguments: [
        ("h3=CELL&year=2022", "2012...2016", 400, "3 years of the farm-a maize history have complete season weather"),
        ("h3=CELL&year=2022", "2012...2016", 400, "needs at least 5"),
        ("year=2022", "2012...2021", 400, "Give the region's cell as h3="),
        ("h3=CELL&year=2024", "2012...2021", 422, "lacks temperature_2m on 3 and precipitation on 3 of its 3 days"),
        ("h3=CELL&year=2022&region=farm-b", "2012...2021", 400, "no maize rows for region 'farm-b'"),
        ("lat=95&lng=2", "2012...2021", 400, "lat must be within -90…90"),
    ])
    func badInputIsAClearError(query: String, years: String, status: Int, message: String) async throws {
        let bounds = years.split(separator: ".").compactMap { Int($0) }
        try await LiveServer.with { server in
            try await Self.ingestWeather(server)
            let path = "/api/v1/food/yield-forecast?\(Self.season)&\(query.replacingOccurrences(of: "CELL", with: Self.cell))"
            let reply = try await server.request("POST", path, body: Self.history(bounds[0]...bounds[1]), contentType: "text/csv")
            #expect(reply.status == status, "\(query): \(reply.text)")
            #expect((try reply.json()["detail"] as? String ?? "").contains(message), "\(query): \(reply.text)")
        }
    }

    @Test func aBadHistoryNamesItsLine() async throws {
        try await LiveServer.with { server in
            let csv = "region,crop,year,yield,unit,source\nfarm-a,maize,2019,9.1,t/ha,x\nfarm-a,maize,2020,-1,t/ha,x\n"
            let reply = try await server.request("POST", "/api/v1/food/yield-forecast?\(Self.season)&h3=\(Self.cell)", body: csv, contentType: "text/csv")
            let detail = try reply.json()["detail"] as? String ?? ""
            #expect(reply.status == 400 && detail.contains("Line 3:"), "\(reply.text)")
            let mixed = "region,crop,year,yield,unit,source\nfarm-a,maize,2019,9.1,t/ha,x\nfarm-b,maize,2019,9.1,t/ha,x\n"
            let ambiguous = try await server.request("POST", "/api/v1/food/yield-forecast?\(Self.season)&h3=\(Self.cell)", body: mixed, contentType: "text/csv")
            let why = try ambiguous.json()["detail"] as? String ?? ""
            #expect(ambiguous.status == 400 && why.contains("farm-a, farm-b; choose one with region="), "\(ambiguous.text)")
        }
    }
}
