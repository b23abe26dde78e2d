import EcoCore
import Foundation
import H3
import Testing

@testable import EcoPipeline
@testable import EcoServer

/// `POST /api/v1/equity/exposure`: the population-weighted mean over a polygon, recomputed here independently —
/// the polygon's cells by testing each candidate cell's centre against the rectangle, people summed from the
/// imported rows (two resolution-8 rows make one cell's people), PM2.5 means from the readings ingested.
@Suite struct PolygonExposureEndpointTests {
    static let west = 2.30, south = 48.82, east = 2.40, north = 48.88
    static var ring: String { "[[\(west),\(south)],[\(east),\(south)],[\(east),\(north)],[\(west),\(north)],[\(west),\(south)]]" }
    static var polygon: String { #"{"type": "Polygon", "coordinates": [\#(ring)]}"# }

    /// The resolution-7 cells whose centre is in the rectangle, from a wider box's candidates.
    static func inside() throws -> [UInt64] {
        try H3.boundingBoxToCells(north: north + 0.05, south: south - 0.05, east: east + 0.05, west: west - 0.05, resolution: 7)
            .map(\.rawValue).filter { cell in
                let c = Spatial.center(of: cell)
                return (south...north).contains(c.lat) && (west...east).contains(c.lng)
            }.sorted()
    }

    @Test func weightedMeanMatchesARecomputation() async throws {
        let cells = try Self.inside()
        #expect(cells.count >= 10, "\(cells.count)")
        let outside = Spatial.parent(of: Spatial.cell15(lat: 48.945, lng: 2.595), resolution: 7)
        var population: [UInt64: Double] = [:]
        var rows = ["cell,indicator,value,source,date"]
        for (i, cell) in cells.enumerated() {
            let p = Double(1000 + 37 * i)
            population[cell] = p
            if i == 0 {
                // Cell 0's people given as two of its resolution-8 children: they add up.
                let children = try H3Cell(rawValue: cell)!.children(at: 8).prefix(2).map(\.rawValue)
                rows.append("\(Spatial.hex(children[0])),population,\(p - 400),test census,2021")
                rows.append("\(Spatial.hex(children[1])),population,400,test census,2021")
            } else if i != 1 {   // cell 1 has no population
                rows.append("\(Spatial.hex(cell)),population,\(p),test census,2021")
            }
            rows.append("\(Spatial.hex(cell)),low_income_share,\(0.1 + 0.01 * Double(i % 7)),test survey,2021")
        }
        population[cells[1]] = nil
        rows.append("\(Spatial.hex(outside)),population,9000000,test census,2021")
        // PM2.5 at every third cell's centre: two readings an hour apart.
        let base = (Int64(Date().timeIntervalSince1970) / 3600 - 3) * 3600
        var lines: [String] = [], means: [UInt64: Double] = [:]
        for (i, cell) in cells.enumerated() where i % 3 == 0 {
            let c = Spatial.center(of: cell), a = 5.0 + Double(i), b = 9.0 + 2 * Double(i)
            means[cell] = (a + b) / 2
            for (k, value) in [a, b].enumerated() {
                lines.append(#"{"variable":"pm25","value":\#(value),"observedAt":"\#(Timestamp.format(ms: (base + Int64(k) * 3600) * 1000))","lat":\#(c.lat),"lng":\#(c.lng),"stationId":"s\#(i)"}"#)
            }
        }
        let people = population, pm25 = means, csv = rows.joined(separator: "\n"), ndjson = lines.joined(separator: "\n")
        @Sendable func expected(_ values: [UInt64: Double], threshold: Double) -> (mean: Double, people: Double, covered: Double, above: Double) {
            var weighted = 0.0, covered = 0.0, above = 0.0
            for cell in cells { if let p = people[cell], let x = values[cell] { weighted += p * x; covered += p; if x > threshold { above += p } } }
            return (weighted / covered, cells.compactMap { people[$0] }.reduce(0, +), covered, above)
        }
        try await LiveServer.with { server in
            let imported = try await server.request("POST", "/api/v1/equity/indicators", body: csv, contentType: "text/csv")
            #expect(imported.status == 200, "\(imported.text)")
            try await AlertPipelineTests.ingest(server, ndjson)

            let reply = try await server.request("POST", "/api/v1/equity/exposure", body: #"{"indicator": "pm25", "region": {"polygon": \#(Self.polygon)}, "threshold": 12}"#)
            #expect(reply.status == 200, "\(reply.text)")
            let body = try reply.json()
            let want = expected(pm25, threshold: 12)
            #expect(body["cells"] as? Int == cells.count)
            #expect((body["data"] as? [[String: Any]] ?? []).map { $0["h3Index"] as? String ?? "" } == cells.map(Spatial.hex))
            #expect(abs((body["people"] as? Double ?? .nan) - want.people) < 1e-9, "\(body["people"] ?? "") vs \(want.people)")
            #expect(abs((body["peopleWithValue"] as? Double ?? .nan) - want.covered) < 1e-9)
            #expect(abs((body["populationWeightedMean"] as? Double ?? .nan) - want.mean) < 1e-9, "\(body["populationWeightedMean"] ?? "") vs \(want.mean)")
            #expect(abs((body["peopleAbove"] as? Double ?? .nan) - want.above) < 1e-9)
            #expect(body["cellsWithValue"] as? Int == pm25.count && body["cellsWithPopulation"] as? Int == cells.count - 1)
            #expect(body["populationSources"] as? [String] == ["test census"])

            #expect(body["regionKind"] as? String == "polygon")

            // The same rectangle as a bbox (numbers or text), and as a MultiPolygon of two overlapping halves: the same
            // cells, each counted once, the same figures.
            let middle = (Self.west + Self.east) / 2
            func half(_ a: Double, _ b: Double) -> String { "[[[\(a),\(Self.south)],[\(b),\(Self.south)],[\(b),\(Self.north)],[\(a),\(Self.north)],[\(a),\(Self.south)]]]" }
            let regions = [
                ("bbox", #"{"bbox": [\#(Self.west), \#(Self.south), \#(Self.east), \#(Self.north)]}"#),
                ("bbox", #"{"bbox": "\#(Self.west),\#(Self.south),\#(Self.east),\#(Self.north)"}"#),
                ("multipolygon", #"{"polygon": {"type": "MultiPolygon", "coordinates": [\#(half(Self.west, middle + 0.02)), \#(half(middle - 0.02, Self.east))]}}"#),
            ]
            for (kind, region) in regions {
                let same = try await server.request("POST", "/api/v1/equity/exposure", body: #"{"indicator": "pm25", "region": \#(region), "threshold": 12}"#)
                #expect(same.status == 200, "\(region): \(same.text)")
                let other = try same.json()
                #expect(other["regionKind"] as? String == kind)
                #expect((other["data"] as? [[String: Any]] ?? []).map { $0["h3Index"] as? String ?? "" } == cells.map(Spatial.hex), "\(region)")
                #expect(abs((other["populationWeightedMean"] as? Double ?? .nan) - want.mean) < 1e-9 && other["people"] as? Double == body["people"] as? Double)
            }
            // A MultiPolygon's second polygon around the far cell adds its 9,000,000 people.
            let far = Spatial.center(of: outside)
            let farRing = "[[[\(far.lng - 0.02),\(far.lat - 0.02)],[\(far.lng + 0.02),\(far.lat - 0.02)],[\(far.lng + 0.02),\(far.lat + 0.02)],[\(far.lng - 0.02),\(far.lat + 0.02)],[\(far.lng - 0.02),\(far.lat - 0.02)]]]"
            let both = try await server.request("POST", "/api/v1/equity/exposure",
                                                body: #"{"indicator": "pm25", "region": {"polygon": {"type": "MultiPolygon", "coordinates": [[\#(Self.ring)], \#(farRing)]}}}"#).json()
            #expect(abs((both["people"] as? Double ?? .nan) - want.people - 9_000_000) < 1e-6, "\(both["people"] ?? "")")
            #expect((both["data"] as? [[String: Any]] ?? []).contains { $0["h3Index"] as? String == Spatial.hex(outside) })

            let income = try await server.request("POST", "/api/v1/equity/exposure", body: #"{"indicator": "low_income_share", "region": {"polygon": \#(Self.polygon)}}"#).json()
            let shares = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($0.element, 0.1 + 0.01 * Double($0.offset % 7)) })
            #expect(abs((income["populationWeightedMean"] as? Double ?? .nan) - expected(shares, threshold: 1).mean) < 1e-12)

            // The population layer is no justice-score input, and is listed as a population layer.
            let scores = try await server.request("GET", "/api/v1/equity/justice-scores?limit=1").json()
            #expect(!((scores["weights"] as? [[String: Any]] ?? []).contains { $0["indicator"] as? String == "population" }), "\(scores["weights"] ?? "")")
            let listed = try await server.request("GET", "/api/v1/equity/indicators").json()
            #expect((listed["population"] as? [[String: Any]] ?? []).map { $0["indicator"] as? String } == ["population"])
            #expect((listed["socioeconomic"] as? [[String: Any]] ?? []).map { $0["indicator"] as? String } == ["low_income_share"])
        }
    }

    @Test(arguments: [
        (#"{"indicator": "pm25", "region": {"polygon": {"type": "Polygon", "coordinates": [[[2.3,48.8],[2.4,48.8],[2.4,48.9],[2.3,48.9]]]}}}"#, 400, "is not closed"),
        (#"{"indicator": "pm25", "region": {"cells": ["871fb4662ffffff"]}}"#, 400, "'region' must be {\"polygon\""),
        (#"{"indicator": "pm25", "region": {"polygon": POLYGON, "bbox": [2.3, 48.8, 2.4, 48.9]}}"#, 400, "needs exactly one of"),
        (#"{"indicator": "pm25", "region": {"bbox": [2.3, 48.8, 2.4]}}"#, 400, "got 3 numbers"),
        (#"{"indicator": "pm25", "region": {"bbox": "2.3,48.9,2.4,48.8"}}"#, 400, "south ≤ north"),
        (#"{"indicator": "pm25", "region": {"bbox": "2.3,48.8,east,48.9"}}"#, 400, "must be four numbers west,south,east,north"),
        (#"{"indicator": "pm25", "region": {"bbox": {"west": 2.3}}}"#, 400, "region.bbox: bbox must be [west, south, east, north]"),
        (#"{"indicator": "pm25", "region": {"polygon": {"type": "MultiPolygon", "coordinates": [[[[2.3,48.8],[2.4,48.8],[2.4,48.9],[2.3,48.8]]], [[[2.5,48.8],[2.6,48.8],[2.6,48.9],[2.5,48.9]]]]}}}"#, 400, "'region.polygon' polygon 1 ring 0 is not closed"),
        (#"{"indicator": "pm25", "region": {"polygon": {"type": "MultiPolygon", "coordinates": [[[[2.3,48.8],[2.4,48.8],[2.4,95],[2.3,48.8]]]]}}}"#, 400, "polygon 0 ring 0 has a position that is not [longitude, latitude]"),
        (#"{"indicator": "pm25", "region": {"polygon": {"type": "Point", "coordinates": [[[2.3,48.8],[2.4,48.8],[2.4,48.9],[2.3,48.8]]]}}}"#, 400, "got type 'Point'"),
        (#"{"indicator": "pm25", "region": {"bbox": [2.3, 48.8, 2.3, 48.8]}}"#, 400, "holds no resolution-7 cell centre"),
        (#"{"indicator": "noise", "region": {"polygon": POLYGON}}"#, 400, "Unknown indicator 'noise'; use aqi, justice_score, pm25"),
        (#"{"indicator": "pm25", "population": "households", "region": {"polygon": POLYGON}}"#, 400, "'population' must name a population layer"),
        (#"{"indicator": "pm25", "population": "population_over_65", "region": {"polygon": POLYGON}}"#, 404, "No population layer 'population_over_65'"),
        (#"{"indicator": "pm25", "resolution": 16, "region": {"polygon": POLYGON}}"#, 400, "'resolution' must be an H3 resolution"),
        (#"{"indicator": "pm25", "resolution": 15, "region": {"polygon": {"type": "Polygon", "coordinates": [[[-5,42],[8,42],[8,51],[-5,51],[-5,42]]]}}}"#, 400, "use a coarser resolution"),
    ])
    func badInputIsAClearError(body: String, status: Int, message: String) async throws {
        try await LiveServer.with { server in
            _ = try await server.request("POST", "/api/v1/equity/indicators", body: "cell,indicator,value,source,date\n871fb4662ffffff,population,100,t,2021\n", contentType: "text/csv")
            let reply = try await server.request("POST", "/api/v1/equity/exposure", body: body.replacingOccurrences(of: "POLYGON", with: Self.polygon))
            #expect(reply.status == status, "\(reply.text)")
            #expect((try reply.json()["detail"] as? String ?? "").contains(message), "\(reply.text)")
        }
    }

    /// The demo's layer follows its documented model: Clark's density at each cell's centre times its area.
    @Test func demoPopulationIsClarksDensityTimesArea() throws {
        let values = try DemoPopulation.values()
        #expect(values.count > 500 && values.allSatisfy { $0.source.contains("synthetic") && $0.source.contains("not census data") })
        for value in values.prefix(50) {
            let cell = try #require(H3Cell(rawValue: value.cell)), c = Spatial.center(of: value.cell)
            let dy = (c.lat - 48.8566) * 111.195, dx = (c.lng - 2.3522) * 111.195 * cos(48.8566 * .pi / 180)
            #expect(abs(value.value - (25_000 * exp(-(dx * dx + dy * dy).squareRoot() / 5) * cell.areaKm2).rounded()) < 1e-9)
        }
        let total = values.reduce(0) { $0 + $1.value }
        // 2π D₀ b² ≈ 3.9 M within reach of the centre: the layer holds about that many people.
        #expect((3_000_000...4_000_000).contains(total), "\(total)")
    }
}
