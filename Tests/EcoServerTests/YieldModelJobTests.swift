import EcoAnalytics
import EcoCore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// The `yield-regression` training job and `POST /api/v1/food/yield-forecast?model=`: the registered model forecasts
/// what a refit of the same history forecasts, keeps its metrics (leave-one-out RMSE recomputed here by refitting
/// without each year), and bad use is a clear error. Then the demo's synthetic history, checked against its
/// documented generating model on season sums computed here from the raw demo observations.
@Suite struct YieldModelJobTests {
    typealias Fixture = YieldForecastEndpointTests
    static var jobParameters: JSONValue {
        .object(["history": .string(Fixture.history(2012...2021)), "crop": .string("maize"), "h3": .string(Fixture.cell),
                 "seasonStart": .string("06-01"), "seasonEnd": .string("06-03")])
    }

    @Test func aRegisteredModelForecastsAsTheRefitDoes() async throws {
        let used = Array(2014...2021)
        let rows = used.map(Fixture.aggregate), yields = used.map { Fixture.yields[$0]! }
        // Leave-one-out by definition: refit without each year and predict it.
        var squares = 0.0
        for i in used.indices {
            var r = rows, y = yields
            r.remove(at: i)
            y.remove(at: i)
            let refit = try YieldRegression.fit(predictors: ["degreeDays", "precipitationMm"], rows: r, yields: y)
            squares += pow(yields[i] - refit.predict(rows[i], level: 0.8).mean, 2)
        }
        let looRMSE = (squares / Double(used.count)).squareRoot()
        try await LiveServer.with { server in
            try await Fixture.ingestWeather(server)
            let outcome = try await YieldRegressionJobKind().run(Self.jobParameters, context: server.services.platform.trainingContext(modelName: "food-yield-maize-ols"))
            #expect(outcome.registered.name == "food-yield-maize-ols" && outcome.registered.version == 1)
            #expect(outcome.registered.algorithm == "yield-ols")
            let card = try await server.request("GET", "/api/v1/models/food-yield-maize-ols/info").json()
            let version = (card["versions"] as? [[String: Any]])?.first ?? [:]
            let metrics = version["metrics"] as? [String: Any] ?? [:]
            #expect(metrics["n"] as? Int == 8)
            #expect(abs((metrics["leaveOneOutRmse"] as? Double ?? .nan) - looRMSE) < 1e-9, "\(metrics)")
            let parameters = version["parameters"] as? [String: Any] ?? [:]
            #expect((parameters["trainingTable"] as? [[String: Any]] ?? []).map { $0["year"] as? Int ?? 0 } == used)
            #expect((parameters["skipped"] as? [String] ?? []).count == 2)

            let refit = try await server.request("POST", "/api/v1/food/yield-forecast?\(Fixture.season)&h3=\(Fixture.cell)&year=2022",
                                                 body: Fixture.history(2012...2021), contentType: "text/csv").json()
            let served = try await server.request("POST", "/api/v1/food/yield-forecast?model=food-yield-maize-ols&year=2022")
            #expect(served.status == 200, "\(served.text)")
            let body = try served.json()
            let a = refit["forecast"] as? [String: Any] ?? [:], b = body["forecast"] as? [String: Any] ?? [:]
            #expect(abs((a["yield"] as? Double ?? .nan) - (b["yield"] as? Double ?? .infinity)) < 1e-12)
            #expect((a["interval95"] as? [String: Double]) == (b["interval95"] as? [String: Double]))
            #expect(abs(((body["model"] as? [String: Any])?["leaveOneOutRmse"] as? Double ?? .nan) - looRMSE) < 1e-9)
            let registered = body["registeredModel"] as? [String: Any] ?? [:]
            #expect(registered["name"] as? String == "food-yield-maize-ols" && registered["version"] as? Int == 1 && registered["inSample"] as? Bool == false)
            #expect(body["seasonStart"] as? String == "06-01" && body["h3Index"] as? String == Fixture.cell)
            // A season the model was fitted on is answered, and flagged.
            let inside = try await server.request("POST", "/api/v1/food/yield-forecast?model=food-yield-maize-ols@1&year=2021").json()
            #expect((inside["registeredModel"] as? [String: Any])?["inSample"] as? Bool == true)
            // The generic predict endpoint sends the caller here.
            let generic = try await server.request("POST", "/api/v1/predict/food-yield-maize-ols", body: #"{"features": {"degreeDays": 1}}"#)
            #expect(generic.status == 422 && generic.text.contains("yield-forecast?model=food-yield-maize-ols@1"), "\(generic.text)")
        }
    }

    @Test(arguments: [
        ("model=food-yield-maize-ols&crop=maize", "", 400, "'crop' is fixed by the model"),
        ("model=food-yield-maize-ols", "region,crop,year,yield,unit,source\n", 400, "Give either a yield history (the body) or model="),
        ("model=food-yield-wheat-ols", "", 404, "No model 'food-yield-wheat-ols' is registered"),
        ("model=food-yield-maize-ols&year=2030", "", 422, "lacks temperature_2m on 3 and precipitation on 3 of its 3 days"),
    ])
    func badModelUseIsAClearError(query: String, body: String, status: Int, message: String) async throws {
        try await LiveServer.with { server in
            try await Fixture.ingestWeather(server)
            _ = try await YieldRegressionJobKind().run(Self.jobParameters, context: server.services.platform.trainingContext(modelName: "food-yield-maize-ols"))
            let reply = try await server.request("POST", "/api/v1/food/yield-forecast?\(query)", body: body, contentType: "text/csv")
            #expect(reply.status == status, "\(query): \(reply.text)")
            #expect((try reply.json()["detail"] as? String ?? "").contains(message), "\(query): \(reply.text)")
        }
    }

    @Test(arguments: [
        (#"{"history": 5, "crop": "maize", "h3": "CELL"}"#, "parameters.history must be the yield history as CSV text"),
        (#"{"history": "region,crop,year,yield,unit,source\nfarm-a,maize,2019,-1,t/ha,x\n", "crop": "maize", "h3": "CELL"}"#, "Line 2:"),
        (#"{"history": "HISTORY", "crop": "rice", "h3": "CELL"}"#, "Unknown crop 'rice'"),
        (#"{"history": "HISTORY", "crop": "maize"}"#, "Give the region's cell as h3="),
        (#"{"history": "HISTORY", "crop": "maize", "h3": "CELL", "trees": 5}"#, "parameters.trees is not a parameter of yield-regression jobs"),
    ])
    func badJobParametersAre400AtSubmission(parameters: String, message: String) async throws {
        let history = Fixture.history(2012...2021).replacingOccurrences(of: "\n", with: "\\n")
        let json = parameters.replacingOccurrences(of: "CELL", with: Fixture.cell).replacingOccurrences(of: "HISTORY", with: history)
        try await LiveServer.with { server in
            let reply = try await server.request("POST", "/api/v1/models/train", body: #"{"kind": "yield-regression", "name": "food-yield-maize-ols", "parameters": \#(json)}"#)
            #expect(reply.status == 400, "\(reply.text)")
            #expect(reply.text.contains(message), "\(reply.text)")
        }
    }

    /// The demo's history against its documented model: yield − (4.0 + 0.003·GDD + 0.004·P) is the seeded noise,
    /// N(0, 0.35²), with GDD and P summed here from the raw daily records of `clim-south` (one reading a day, so the
    /// day's extremes are its mean; maize: both clamped to 10–30 °C).
    @Test func demoYieldHistoryFollowsItsDocumentedModel() async throws {
        let end: Int64 = 1_767_225_600_000 + 17 * 86_400_000   // 2026-01-18: the 2025 season is the latest
        let station = DemoClimate.stations[0]
        let batches = DemoClimate.observations(endMs: end).filter { $0.first?.series.stationId == station.id }
        var gddByYear: [Int: Double] = [:], rainByYear: [Int: Double] = [:]
        for observation in batches.joined() {
            let date = CivilDate.date(fromDays: Int(observation.observedAtMs / 86_400_000))
            guard (5...9).contains(date.month) else { continue }
            if observation.series.variable == "temperature_2m" {
                gddByYear[date.year, default: 0] += min(max(observation.value, 10), 30) - 10
            } else {
                rainByYear[date.year, default: 0] += observation.value
            }
        }
        let gdd = gddByYear, rain = rainByYear
        try await LiveServer.with { server in
            for batch in batches { _ = try await server.services.store.insert(batch) }
            let csv = try await DemoYield.history(from: server.services.store)
            let rows = try YieldHistory.parse(csv)
            #expect(rows.map(\.year) == Array(1986...2024), "\(rows.map(\.year))")
            #expect(rows.allSatisfy { $0.source.contains("synthetic") && $0.source.contains("not real yields") })
            let noise = rows.map { $0.tonnesPerHectare - (4.0 + 0.003 * gdd[$0.year]! + 0.004 * rain[$0.year]!) }
            let mean = noise.reduce(0, +) / Double(noise.count)
            let sd = (noise.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(noise.count - 1)).squareRoot()
            #expect(abs(mean) < 0.15 && (0.25...0.45).contains(sd), "noise mean \(mean), sd \(sd)")

            let model = try #require(try await DemoYield.seedIfEmpty(into: server.services.store, clock: .system))
            #expect(model.name == "food-yield-maize-ols" && model.version == 1)
            #expect(try await DemoYield.seedIfEmpty(into: server.services.store, clock: .system) == nil)
            let reply = try await server.request("POST", "/api/v1/food/yield-forecast?model=food-yield-maize-ols")
            #expect(reply.status == 200, "\(reply.text)")
            let body = try reply.json(), forecast = body["forecast"] as? [String: Any] ?? [:]
            #expect(forecast["year"] as? Int == 2025)
            let expected = 4.0 + 0.003 * gdd[2025]! + 0.004 * rain[2025]!
            let i95 = forecast["interval95"] as? [String: Double] ?? [:]
            #expect((i95["low"] ?? .nan) < expected + 0.5 && expected - 0.5 < (i95["high"] ?? .nan), "\(forecast) vs \(expected)")
            #expect(body["sources"] as? [String] == [DemoYield.source])
        }
    }
}
