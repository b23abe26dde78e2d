import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoCore
@testable import EcoServer
import Foundation
import Testing

@Suite struct ForecastTests {
    /// Ten days of hourly temperature with a daily cycle at one station.
    static func seed(_ server: LiveServer, days: Int = 10, offsetHours: Int = 0) async throws {
        let lines = (0..<(days * 24)).map { hour -> String in
            let t = IngestTests.t0 + Int64(hour + offsetHours) * 3_600_000
            let value = 15 + 5 * sin(2 * Double.pi * Double(hour + offsetHours) / 24) + Double((hour * 7) % 5) * 0.1
            return #"{"variable":"temperature_2m","value":\#(value),"observedAt":\#(t),"lat":48.85,"lng":2.35,"stationId":"f"}"#
        }
        let reply = try await server.request("POST", "/api/v1/observations", body: lines.joined(separator: "\n"), contentType: "application/x-ndjson")
        #expect(reply.status == 200)
    }

    static let cell = Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: 48.85, lng: 2.35), resolution: 7))

    @Test func storedSeriesForecastHasOrderedBandsAndIsReusedUntilNewData() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let path = "/api/v1/climate/forecasts?h3=\(Self.cell)&variable=temperature_2m&horizon=24"
            let first = try await server.request("GET", path)
            #expect(first.status == 200, "\(first.text)")
            let body = try first.json()
            let steps = body["forecasts"] as? [[String: Any]] ?? []
            #expect(steps.count == 24)
            for step in steps {
                let p10 = step["valueP10"] as? Double ?? .nan, p50 = step["valueP50"] as? Double ?? .nan, p90 = step["valueP90"] as? Double ?? .nan
                #expect(p10 <= p50 && p50 <= p90)
            }
            #expect((steps.first?["leadHours"] as? Double) == 1)
            #expect(!(body["modelName"] as? String ?? "").isEmpty)
            let runId = body["runId"] as? String

            let again = try await server.request("GET", path)
            #expect(try again.json()["runId"] as? String == runId)
            #expect(again.text == first.text)

            try await Self.seed(server, days: 1, offsetHours: 240)
            let refreshed = try await server.request("GET", path).json()
            #expect(refreshed["runId"] as? String != runId)
        }
    }

    @Test func adHocSeriesIsForecast() async throws {
        try await LiveServer.with { server in
            let times = (0..<96).map { IngestTests.t0 + Int64($0) * 3_600_000 }
            let values = (0..<96).map { 10 + sin(2 * Double.pi * Double($0) / 24) }
            let body = #"{"timestamps":\#(times),"values":\#(values),"horizon":12,"model":"snaive"}"#
            let reply = try await server.request("POST", "/api/v1/forecast", body: body, contentType: "application/json")
            #expect(reply.status == 200, "\(reply.text)")
            #expect((try reply.json()["forecasts"] as? [Any])?.count == 12)
        }
    }

    @Test(arguments: [
        ("/api/v1/climate/forecasts?variable=temperature_2m", 400, "'h3' is required"),
        ("/api/v1/climate/forecasts?h3=872830828ffffff&variable=temperature_2m&horizon=0", 400, "'horizon'"),
        ("/api/v1/climate/forecasts?h3=872830828ffffff&variable=temperature_2m", 404, "No temperature_2m series"),
        ("/api/v1/climate/forecasts?h3=872830828ffffff&variable=temperature_2m&model=magic", 400, "'model' must be one of"),
    ])
    func badForecastRequestsSayWhatToFix(path: String, status: Int, hint: String) async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("GET", path)
            #expect(reply.status == status)
            #expect(reply.text.contains(hint), "\(reply.text)")
        }
    }

    @Test func mismatchedAdHocLengthsAreRejected() async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("POST", "/api/v1/forecast", body: #"{"timestamps":[1,2],"values":[1],"horizon":2}"#, contentType: "application/json")
            #expect(reply.status == 400)
            #expect(reply.text.contains("one time per value"))
        }
    }
}

@Suite struct ForecastRefreshTests {
    @Test func watchedForecastsAreRecomputedWhenTheirDataChanges() async throws {
        try await LiveServer.with { server in
            try await ForecastTests.seed(server)
            let path = "/api/v1/climate/forecasts?h3=\(ForecastTests.cell)&variable=temperature_2m&horizon=6"
            let before = try await server.request("GET", path).json()["runId"] as? String
            let service = server.services.forecasts
            #expect(await service.refreshWatched(nowMs: IngestTests.t0, logger: .init(label: "test")) == 0)
            try await ForecastTests.seed(server, days: 1, offsetHours: 240)
            #expect(await service.refreshWatched(nowMs: IngestTests.t0, logger: .init(label: "test")) == 1)
            let after = try await server.request("GET", path)
            #expect(after.headers["x-forecast-cache"] == "hit")
            #expect(try after.json()["runId"] as? String != before)
        }
    }
}
