import EcoCore
import EcoStore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// The equity endpoints through the real server: imports, the ranked scores and a cell's breakdown, bad input.
@Suite struct EquityEndpointTests {
    /// Three resolution-7 cells in Paris, with PM2.5 at a station in each.
    static let cells: [(lat: Double, lng: Double, pm25: Double)] = [(48.85, 2.35, 20), (48.90, 2.45, 30), (48.70, 2.10, 10)]

    static func seed(_ server: LiveServer) async throws -> [String] {
        let now = server.services.platform.clock.nowMs()
        var batch: [Observation] = []
        for (index, place) in cells.enumerated() {
            let cell = Spatial.cell15(lat: place.lat, lng: place.lng)
            for hour in 1...24 {
                batch.append(Observation(series: SeriesKey(variable: "pm25", source: "test", stationId: "s\(index)", cell: cell), lat: place.lat, lng: place.lng,
                                         observedAtMs: now - Int64(hour) * 3_600_000, value: place.pm25))
            }
        }
        _ = try await server.services.store.insert(batch)
        return cells.map { Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: $0.lat, lng: $0.lng), resolution: 7)) }
    }

    static func importCSV(_ server: LiveServer, _ csv: String) async throws -> LiveServer.Reply {
        try await server.request("POST", "/api/v1/equity/indicators", body: csv, contentType: "text/csv")
    }

    @Test func importedIndicatorsAndPM25GiveRankedScoresAndABreakdownWithSourcesAndMissingInputs() async throws {
        try await LiveServer.with { server in
            let hex = try await Self.seed(server)
            let csv = "cell,indicator,value,source,date\n\(hex[0]),low_income,0.2,census A,2021\n\(hex[1]),low_income,0.4,census A,2021\n"
                + "\(hex[2]),low_income,0.1,census B,2020-06\n"
            let imported = try await Self.importCSV(server, csv)
            #expect(imported.status == 200, "\(imported.text)")
            #expect(try imported.json()["stored"] as? Int == 3)
            let reply = try await server.request("GET", "/api/v1/equity/justice-scores?weights=pm25:1")
            #expect(reply.status == 200, "\(reply.text)")
            let list = try reply.json()
            let data = try #require(list["data"] as? [[String: Any]])
            // pm25 and low_income both rank hex[1] > hex[0] > hex[2]: scores 100 × 1, 66.7 × 0.667 and 33.3 × 0.333.
            #expect(data.map { $0["h3Index"] as? String } == hex.indices.map { [1, 0, 2][$0] }.map { hex[$0] })
            #expect(abs((data[0]["score"] as? Double ?? 0) - 100) < 1e-9)
            #expect(abs((data[1]["score"] as? Double ?? 0) - 400.0 / 9) < 1e-9)
            #expect(abs((data[2]["score"] as? Double ?? 0) - 100.0 / 9) < 1e-9)
            #expect(data.map { $0["rank"] as? Int } == [1, 2, 3])
            #expect((data[0]["missing"] as? [String])?.isEmpty == true, "ozone, heat and drought weigh 0 with weights=pm25:1")

            let breakdown = try await server.request("GET", "/api/v1/equity/justice-scores/\(hex[2])")
            #expect(breakdown.status == 200, "\(breakdown.text)")
            let body = try breakdown.json()
            let inputs = try #require(body["inputs"] as? [[String: Any]])
            let income = try #require(inputs.first { $0["indicator"] as? String == "low_income" })
            #expect(income["source"] as? String == "census B" && income["date"] as? String == "2020-06")
            #expect(abs((income["percentile"] as? Double ?? 0) - 100.0 / 3) < 1e-9)
            #expect(income["weight"] as? Double == 1)
            let missing = try #require(body["missing"] as? [[String: Any]])
            #expect(Set(missing.compactMap { $0["indicator"] as? String }) == ["ozone", "heat", "drought"], "equal weights: every burden without data is listed")
            #expect(missing.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
            #expect((body["coverage"] as? Double).map { abs($0 - 0.625) < 1e-9 } == true)

            let geojson = try await server.request("GET", "/api/v1/equity/justice-scores?format=geojson&complete=false")
            #expect(geojson.status == 200 && geojson.contentType.hasPrefix("application/geo+json"))
            #expect((try geojson.json()["features"] as? [Any])?.count == 3)
            let filtered = try await server.request("GET", "/api/v1/equity/justice-scores?weights=pm25:1&minPercentile=50")
            #expect((try filtered.json()["data"] as? [Any])?.count == 2)

            let indicators = try await server.request("GET", "/api/v1/equity/indicators")
            let socio = try #require(try indicators.json()["socioeconomic"] as? [[String: Any]])
            #expect(socio.first?["indicator"] as? String == "low_income" && socio.first?["sources"] as? [String] == ["census A", "census B"])
        }
    }

    @Test func badInputIsAClear400() async throws {
        try await LiveServer.with { server in
            let hex = try await Self.seed(server)
            _ = try await Self.importCSV(server, "cell,indicator,value,source,date\n\(hex[0]),low_income,0.2,census,2021\n")
            let cases: [(String, String)] = [
                ("/api/v1/equity/justice-scores?weights=noise:1", "not known"),
                ("/api/v1/equity/justice-scores?weights=pm25:0.5,ozone:0.2", "sum to 0.7"),
                ("/api/v1/equity/justice-scores?weights=pm25:1.5,ozone:-0.5", "0 or more"),
                ("/api/v1/equity/justice-scores?weights=pm25", "NAME:NUMBER"),
                ("/api/v1/equity/justice-scores?minScore=101", "minScore"),
                ("/api/v1/equity/justice-scores/not-a-cell", "not an H3 cell"),
            ]
            for (path, phrase) in cases {
                let reply = try await server.request("GET", path)
                #expect(reply.status == 400, "\(path): \(reply.status) \(reply.text)")
                #expect(reply.text.contains(phrase), "\(path): \(reply.text)")
            }
            let elsewhere = Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: 10, lng: 10), resolution: 7))
            let nothing = try await server.request("GET", "/api/v1/equity/justice-scores/\(elsewhere)")
            #expect(nothing.status == 404, "\(nothing.text)")
            let imports: [(String, String, String)] = [
                ("text/csv", "cell,indicator,value,source,date\nzz,low_income,1,s,2021\n", "H3 cell"),
                ("text/csv", "cell,indicator,value,source,date\n\(hex[0]),Low Income,1,s,2021\n", "lower-case"),
                ("text/csv", "cell,indicator,value,source,date\n\(hex[0]),pm25,1,s,2021\n", "environmental burden"),
                ("text/csv", "cell,indicator,value,source,date\n\(hex[0]),x,1,s,2021-13\n", "YYYY"),
                ("text/csv", "cell,indicator,value,source,date\n\(hex[0]),x,1,s,2021-+1\n", "YYYY"),
                ("text/csv", "cell,indicator,value,source,date\n\(hex[0]),x,abc,s,2021\n", "number"),
                ("text/csv", "cell,indicator,amount\n", "Unknown CSV column"),
                ("application/json", #"[{"cell":"\#(hex[0])","indicator":"x","value":1,"date":"2021"}]"#, "'source' is missing"),
                ("application/json", #"{"cell":1}"#, "JSON array"),
            ]
            for (type, body, phrase) in imports {
                let reply = try await server.request("POST", "/api/v1/equity/indicators", body: body, contentType: type)
                #expect(reply.status == 400, "\(body): \(reply.status) \(reply.text)")
                #expect(reply.text.contains(phrase), "\(body): \(reply.text)")
            }
            // A rejected import stores nothing.
            let indicators = try await server.request("GET", "/api/v1/equity/indicators")
            #expect((try indicators.json()["socioeconomic"] as? [[String: Any]])?.map { $0["indicator"] as? String } == ["low_income"])
        }
    }
}
