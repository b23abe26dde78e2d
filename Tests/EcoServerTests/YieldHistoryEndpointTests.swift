import EcoAnalytics
import EcoCore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// Stored yield histories (`POST` / `GET /api/v1/food/yields`) through the real server: the records persist with
/// their units converted, a resend replaces a year, the forecast and the `yield-regression` job without a posted
/// history use the stored one and give exactly what the same history posted gives, and bad rows store nothing.
/// The yields are the synthetic test values of ``YieldForecastEndpointTests``.
@Suite struct YieldHistoryEndpointTests {
    typealias Fixture = YieldForecastEndpointTests

    @Test func storedHistoryIsListedAndDrivesTheForecastAndTheTrainingJob() async throws {
        try await LiveServer.with { server in
            try await Fixture.ingestWeather(server)
            let stored = try await server.request("POST", "/api/v1/food/yields", body: Fixture.history(2012...2021), contentType: "text/csv")
            #expect(stored.status == 201, "\(stored.text)")
            let summary = try stored.json()
            #expect(summary["stored"] as? Int == 10 && summary["regions"] as? [String] == ["farm-a"] && summary["crops"] as? [String] == ["maize"])
            #expect(summary["firstYear"] as? Int == 2012 && summary["lastYear"] as? Int == 2021)
            // Another region in JSON, in kg/ha and bu/acre: converted to t/ha (USDA: 56 lb per bushel of maize).
            let json = #"[{"region": "farm-b", "crop": "maize", "year": 2020, "yield": 8500, "unit": "kg/ha", "source": "farm records"},"#
                + #" {"region": "farm-b", "crop": "maize", "year": 2021, "yield": 150, "unit": "bu/acre", "source": "farm records"}]"#
            #expect(try await server.request("POST", "/api/v1/food/yields", body: json, contentType: "application/json").status == 201)
            let farmB = try await server.request("GET", "/api/v1/food/yields?crop=maize&region=farm-b").json()
            let rows = farmB["data"] as? [[String: Any]] ?? []
            #expect(farmB["count"] as? Int == 2 && rows.map { $0["year"] as? Int ?? 0 } == [2020, 2021])
            #expect(abs((rows.first?["tonnesPerHectare"] as? Double ?? .nan) - 8.5) < 1e-12)
            let bushels: Double = 150 * 56 * 0.45359237 / 1000 / 0.40468564224  // USDA: 56 lb per bushel of maize
            let converted = rows.last?["tonnesPerHectare"] as? Double ?? .nan
            #expect(abs(converted - bushels) < 1e-12)
            #expect(rows.last?["reportedUnit"] as? String == "bu/acre" && rows.last?["reportedValue"] as? Double == 150)

            // Two regions stored: the forecast asks which, then equals the forecast of the same history posted.
            let query = "/api/v1/food/yield-forecast?\(Fixture.season)&h3=\(Fixture.cell)&year=2022"
            let ambiguous = try await server.request("POST", query, body: "", contentType: "text/csv")
            #expect(ambiguous.status == 400 && ambiguous.text.contains("farm-a, farm-b; choose one with region="), "\(ambiguous.text)")
            let fromStore = try await server.request("POST", query + "&region=farm-a")
            #expect(fromStore.status == 200, "\(fromStore.text)")
            let posted = try await server.request("POST", query, body: Fixture.history(2012...2021), contentType: "text/csv").json()
            let a = try fromStore.json()["forecast"] as? [String: Any] ?? [:], b = posted["forecast"] as? [String: Any] ?? [:]
            #expect(a["yield"] as? Double == b["yield"] as? Double && a["interval95"] as? [String: Double] == b["interval95"] as? [String: Double])

            // A resend of a year replaces it, and the forecast follows the store.
            let revised = "region,crop,year,yield,unit,source\nfarm-a,maize,2021,11.4,t/ha,revised\n"
            #expect(try await server.request("POST", "/api/v1/food/yields", body: revised, contentType: "text/csv").status == 201)
            let after = try await server.request("GET", "/api/v1/food/yields?crop=maize&region=farm-a").json()
            #expect(after["count"] as? Int == 10)
            #expect(((after["data"] as? [[String: Any]])?.last?["tonnesPerHectare"] as? Double) == 11.4)
            let refreshed = try await server.request("POST", query + "&region=farm-a").json()
            #expect((refreshed["forecast"] as? [String: Any])?["yield"] as? Double != a["yield"] as? Double)
            #expect(Set(refreshed["sources"] as? [String] ?? []) == ["revised", "synthetic test values"])

            // The training job without a history fits the stored one: its model forecasts what the store-fed refit does.
            let parameters: JSONValue = .object(["crop": .string("maize"), "h3": .string(Fixture.cell), "region": .string("farm-a"),
                                                 "seasonStart": .string("06-01"), "seasonEnd": .string("06-03")])
            let outcome = try await YieldRegressionJobKind().run(parameters, context: server.services.platform.trainingContext(modelName: "food-yield-farm-a"))
            let served = try await server.request("POST", "/api/v1/food/yield-forecast?model=food-yield-farm-a&year=2022").json()
            #expect(outcome.registered.version == 1)
            #expect(abs(((served["forecast"] as? [String: Any])?["yield"] as? Double ?? .nan)
                - ((refreshed["forecast"] as? [String: Any])?["yield"] as? Double ?? .infinity)) < 1e-12)
            #expect(outcome.summaryJSON.contains("stored (POST "))
        }
    }

    @Test(arguments: [
        ("text/csv", "region,crop,year,yield,unit,source\nfarm-a,maize,2019,9.1,t/ha,x\nfarm-a,maize,2020,9,bushels,x\n", "line 3: unit 'bushels' is not one of t/ha"),
        ("text/csv", "region,crop,year,yield,unit,source\nfarm-a,maize,2019,-2,t/ha,x\n", "line 2: yield '-2' is not a positive number"),
        ("text/csv", "region,crop,year,yield,unit,source\nfarm-a,rice,2019,2,t/ha,x\n", "unknown crop 'rice'"),
        ("text/csv", "region,crop,year,yield,unit,source\nfarm-a,maize,2019,9.1,t/ha,x\nfarm-a,maize,2019,9.2,t/ha,x\n", "farm-a maize 2019 appears twice"),
        ("text/csv", "region,crop,year,yield,unit,source\nfarm-a,maize,2019,9.1,t/ha,\n", "source is empty"),
        ("text/csv", "region,crop,yr,yield,unit,source\nfarm-a,maize,2019,9.1,t/ha,x\n", "Unknown CSV column(s) 'yr'"),
        ("application/json", #"[{"region": "farm-a", "crop": "maize", "year": 19, "yield": 9, "unit": "t/ha", "source": "x"}]"#, "item 0: year '19' is not a year"),
        ("application/json", #"{"region": "farm-a"}"#, "not a JSON array of objects"),
    ])
    func badRowsStoreNothing(contentType: String, body: String, message: String) async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("POST", "/api/v1/food/yields", body: body, contentType: contentType)
            #expect(reply.status == 400, "\(reply.text)")
            #expect((try reply.json()["detail"] as? String ?? "").contains(message), "\(reply.text)")
            #expect(try await server.request("GET", "/api/v1/food/yields").json()["count"] as? Int == 0)
        }
    }

    @Test func withoutAStoredHistoryTheForecastSaysHowToStoreOne() async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("POST", "/api/v1/food/yield-forecast?\(Fixture.season)&h3=\(Fixture.cell)")
            #expect(reply.status == 400 && reply.text.contains("No maize yield history is stored; store one with POST /api/v1/food/yields"), "\(reply.text)")
            let crop = try await server.request("GET", "/api/v1/food/yields?crop=rice")
            #expect(crop.status == 400 && crop.text.contains("Unknown crop 'rice'"), "\(crop.text)")
            let viewer = try await server.services.access.accounts.createUser(email: "viewer@yields.invalid", role: .viewer).key.key
            let refused = try await server.request("POST", "/api/v1/food/yields", body: Fixture.history(2012...2013), contentType: "text/csv",
                                                   as: .apiKeyHeader(viewer))
            #expect(refused.status == 403, "\(refused.text)")
        }
    }
}
