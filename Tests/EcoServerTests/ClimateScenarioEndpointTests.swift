import EcoCore
import EcoStore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// The climate scenario endpoints through the real server: import, list, explore by cells, bbox and polygon, bad input.
@Suite struct ClimateScenarioEndpointTests {
    static let cell = "871fb4662ffffff"

    /// Two models, a historical baseline and ssp245 2041–2060, annual, at one cell; model b also by a point.
    static var csv: String {
        var rows = ["scenario,model,variable,year,month,h3,lat,lng,mean,p5,p95"]
        for year in 1995...2014 {
            rows.append("historical,a,temperature_2m,\(year),,\(cell),,,11.0,10.0,12.0")
            rows.append("historical,b,temperature_2m,\(year),,\(cell),,,12.0,,")
        }
        for year in 2041...2060 {
            rows.append("ssp245,a,temperature_2m,\(year),,\(cell),,,12.5,11.5,13.5")
            rows.append("ssp245,b,temperature_2m,\(year),,\(cell),,,14.0,,")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    static func explore(_ server: LiveServer, _ body: String) async throws -> LiveServer.Reply {
        try await server.request("POST", "/api/v1/climate/scenarios/explore", body: body, contentType: "application/json")
    }

    @Test func importedProjectionsAreListedAndExploredPerScenarioWithTheModelSpread() async throws {
        try await LiveServer.with { server in
            let imported = try await server.request("POST", "/api/v1/climate/scenarios", body: Self.csv, contentType: "text/csv")
            #expect(imported.status == 200, "\(imported.text)")
            #expect(try imported.json()["stored"] as? Int == 80)
            let list = try #require(try await server.request("GET", "/api/v1/climate/scenarios").json()["data"] as? [[String: Any]])
            #expect(list.map { "\($0["scenario"]!)/\($0["model"]!)" } == ["historical/a", "historical/b", "ssp245/a", "ssp245/b"])
            let center = Spatial.center(of: Spatial.cell(hex: Self.cell)!)
            let regions = [
                #"{"cells":["\#(Self.cell)"]}"#,
                #"{"cells":["\#(Spatial.hex(Spatial.parent(of: Spatial.cell(hex: Self.cell)!, resolution: 5)))"]}"#,
                #"{"bbox":[\#(center.lng - 0.1),\#(center.lat - 0.1),\#(center.lng + 0.1),\#(center.lat + 0.1)]}"#,
                #"{"polygon":{"type":"Polygon","coordinates":[[[\#(center.lng - 0.1),\#(center.lat - 0.1)],[\#(center.lng + 0.1),\#(center.lat - 0.1)],[\#(center.lng),\#(center.lat + 0.1)],[\#(center.lng - 0.1),\#(center.lat - 0.1)]]]}}"#,
                #"{"bbox":"\#(center.lng - 0.1),\#(center.lat - 0.1),\#(center.lng + 0.1),\#(center.lat + 0.1)"}"#,
                // A MultiPolygon: a far-away square without projections, and a triangle around the cell.
                #"{"polygon":{"type":"MultiPolygon","coordinates":[[[[10,10],[11,10],[11,11],[10,11],[10,10]]],[[[\#(center.lng - 0.1),\#(center.lat - 0.1)],[\#(center.lng + 0.1),\#(center.lat - 0.1)],[\#(center.lng),\#(center.lat + 0.1)],[\#(center.lng - 0.1),\#(center.lat - 0.1)]]]]}}"#,
            ]
            for region in regions {
                let reply = try await Self.explore(server, #"{"variable":"temperature_2m","region":\#(region),"horizon":{"start":2041,"end":2060}}"#)
                #expect(reply.status == 200, "\(region): \(reply.text)")
                let body = try reply.json()
                #expect(body["regionKind"] as? String == (region.contains("MultiPolygon") ? "multipolygon" : region.contains("polygon") ? "polygon"
                    : region.contains("bbox") ? "bbox" : "cells"), "\(region)")
                let scenarios = try #require(body["scenarios"] as? [[String: Any]])
                #expect(scenarios.map { $0["scenario"] as? String } == ["ssp245"])
                let models = try #require(scenarios.first?["models"] as? [[String: Any]])
                #expect(models.map { $0["change"] as? Double } == [1.5, 2.0])
                #expect(models.map { $0["baselineScenario"] as? String } == ["historical", "historical"])
                #expect(models.first?["horizonP95"] as? Double == 13.5 && models.last?["horizonP95"] is NSNull)
                #expect(scenarios.first?["meanChange"] as? Double == 1.75 && scenarios.first?["maxChange"] as? Double == 2)
                #expect((body["observations"] as? [String: Any])?["series"] as? Int == 0)
            }
        }
    }

    @Test func badInputIsAClear400() async throws {
        try await LiveServer.with { server in
            _ = try await server.request("POST", "/api/v1/climate/scenarios", body: Self.csv, contentType: "text/csv")
            let cases: [(String, String)] = [
                (#"{"variable":"temperature_2m","region":{"polygon":{"type":"Polygon","coordinates":[[[2.1,48.7],[2.5,48.7],[2.3,49.0],[2.2,48.9]]]}},"horizon":{"start":2041,"end":2060}}"#, "not closed"),
                (#"{"variable":"temperature_2m","region":{"cells":["\#(Self.cell)"]},"baseline":{"start":1995,"end":2014},"horizon":{"start":1990,"end":2000}}"#, "must start after the baseline"),
                (#"{"variable":"temperature_2m","region":{"cells":["\#(Self.cell)"]},"horizon":{"start":2060,"end":2041}}"#, "ends (2041) before it starts"),
                (#"{"variable":"temperature_2m","region":{"cells":["nope"]},"horizon":{"start":2041,"end":2060}}"#, "not an H3 cell"),
                (#"{"variable":"temperature_2m","region":{"cells":["\#(Self.cell)"],"bbox":[1,2,3,4]},"horizon":{"start":2041,"end":2060}}"#, "exactly one"),
                (#"{"variable":"temperature_2m","region":{"bbox":[1,2,3]},"horizon":{"start":2041,"end":2060}}"#, "west, south, east, north"),
                (#"{"variable":"temperature_2m","region":{"bbox":"1,2,3"},"horizon":{"start":2041,"end":2060}}"#, "must be four numbers west,south,east,north"),
                (#"{"variable":"temperature_2m","region":{"bbox":"2.1,49.0,2.5,48.7"},"horizon":{"start":2041,"end":2060}}"#, "south ≤ north"),
                (#"{"variable":"temperature_2m","region":{"polygon":{"type":"MultiPolygon","coordinates":[[[[2.1,48.7],[2.5,48.7],[2.3,49.0],[2.1,48.7]]],[[[3,48],[4,48],[4,49]]]]}},"horizon":{"start":2041,"end":2060}}"#, "'region.polygon' polygon 1 ring 0 has 3 positions"),
                (#"{"variable":"temperature_2m","region":{"polygon":{"type":"MultiPolygon","coordinates":[]}},"horizon":{"start":2041,"end":2060}}"#, "MultiPolygon without polygons"),
                (#"{"variable":"temperature_2m","region":{"polygon":{"type":"Polygon","coordinates":[[[[2.1,48.7],[2.5,48.7],[2.3,49.0],[2.1,48.7]]]]}},"horizon":{"start":2041,"end":2060}}"#, "nest like a MultiPolygon"),
                (#"{"variable":"temperature_2m","region":{"polygon":{"type":"LineString","coordinates":[[[2.1,48.7],[2.5,48.7],[2.3,49.0],[2.1,48.7]]]}},"horizon":{"start":2041,"end":2060}}"#, "Polygon or MultiPolygon; got type 'LineString'"),
                (#"{"variable":"temperature_2m","region":{"polygon":{"type":"Polygon","coordinates":[[2.1,48.7],[2.5,48.7]]}},"horizon":{"start":2041,"end":2060}}"#, "region.polygon.coordinates"),
                (#"{"variable":"temperature_2m","region":{"cells":["\#(Self.cell)"]},"horizon":{"start":2041,"end":2060},"months":[13]}"#, "months 1–12"),
            ]
            for (body, phrase) in cases {
                let reply = try await Self.explore(server, body)
                #expect(reply.status == 400, "\(body): \(reply.status) \(reply.text)")
                #expect(reply.text.contains(phrase), "\(body): \(reply.text)")
            }
            let unknown = try await Self.explore(server, #"{"variable":"tempertaure","region":{"cells":["\#(Self.cell)"]},"horizon":{"start":2041,"end":2060}}"#)
            #expect([400, 422].contains(unknown.status), "\(unknown.text)")
            let elsewhere = try await Self.explore(server, #"{"variable":"temperature_2m","region":{"bbox":[10,10,11,11]},"horizon":{"start":2041,"end":2060}}"#)
            #expect(elsewhere.status == 404, "\(elsewhere.text)")
            let imports: [(String, String)] = [
                ("scenario,model,variable,year,mean\nssp245,a,temperature_2m,2050,1\n", "give 'h3'"),
                ("scenario,model,variable,year,h3,mean,p5\nssp245,a,temperature_2m,2050,\(Self.cell),1,2\n", "bracket the mean"),
                ("scenario,model,variable,year,h3,mean\nssp245,a,temperature_2m,3000,\(Self.cell),1\n", "whole year"),
                ("scenario,model,variable,year,h3,mean\nssp245,a,temperature_2m,1e300,\(Self.cell),1\n", "whole year"),
                ("scenario,model,variable,year,month,h3,mean\nssp245,a,temperature_2m,2050,13,\(Self.cell),1\n", "'month' must be 1–12"),
                ("scenario,model,variable,year,h3,mean\nssp 245,a,temperature_2m,2050,\(Self.cell),1\n", "'scenario' must be"),
            ]
            for (body, phrase) in imports {
                let reply = try await server.request("POST", "/api/v1/climate/scenarios", body: body, contentType: "text/csv")
                #expect(reply.status == 400, "\(body): \(reply.status) \(reply.text)")
                #expect(reply.text.contains(phrase), "\(body): \(reply.text)")
            }
        }
    }
}
