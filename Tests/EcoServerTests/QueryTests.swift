import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoCore
@testable import EcoServer
import EcoStore
import Foundation
import Testing

@Suite struct QueryTests {
    /// Two stations in one resolution-7 cell, 48 hourly values each.
    static func seed(_ server: LiveServer) async throws {
        var lines: [String] = []
        for hour in 0..<48 {
            for (station, offset) in [("a", 0.0), ("b", 0.0005)] {
                lines.append(#"{"variable":"pm25","value":\#(Double(hour % 24)),"observedAt":\#(IngestTests.t0 + Int64(hour) * 3_600_000),"lat":\#(48.85 + offset),"lng":2.35,"stationId":"\#(station)"}"#)
            }
        }
        let reply = try await server.request("POST", "/api/v1/observations", body: lines.joined(separator: "\n"), contentType: "application/x-ndjson")
        #expect(reply.status == 200)
    }

    @Test func dailyBucketsCarryStatisticsQuartilesAndCoverage() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let cell = Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: 48.85, lng: 2.35), resolution: 5))
            let reply = try await server.request("GET", "/api/v1/observations/\(cell)/timeseries?variable=pm25&bucket=1h")
            #expect(reply.status == 200)
            let body = try reply.json()
            let data = body["data"] as? [[String: Any]] ?? []
            #expect(data.count == 48)
            let first = data.first?["summary"] as? [String: Any]
            #expect(first?["count"] as? Int == 2)
            let stats = body["statistics"] as? [String: Any]
            #expect(stats?["count"] as? Int == 96)
            #expect(abs((stats?["mean"] as? Double ?? 0) - 11.5) < 1e-9)
            let coverage = data.first?["coverage"] as? [String: Any]
            #expect(coverage?["expected"] as? Int == 2)
        }
    }

    @Test func cellsAggregateAtAResolutionAndAsGeoJSON() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let reply = try await server.request("GET", "/api/v1/cells?variable=pm25&resolution=5")
            let data = try reply.json()["data"] as? [[String: Any]] ?? []
            #expect(data.count == 1)
            #expect(data.first?["count"] as? Int == 96)
            #expect(data.first?["stations"] as? Int == 2)
            let geo = try await server.request("GET", "/api/v1/cells?variable=pm25&resolution=5&format=geojson")
            #expect(geo.contentType.hasPrefix("application/geo+json"))
            #expect(geo.text.contains("\"Polygon\""))
        }
    }

    @Test func cellsAcrossTheAntimeridianAreCutIntoAMultiPolygon() async throws {
        try await LiveServer.with { server in
            // Fiji: the resolution-2 cell of this point crosses ±180°; a Polygon would wrap around the globe.
            let body = #"{"variable":"pm25","value":12,"observedAt":"2024-05-01T00:00:00Z","lat":-17.0,"lng":179.95,"stationId":"suva"}"#
            #expect(try await server.request("POST", "/api/v1/observations", body: body, contentType: "application/x-ndjson").status == 200)
            let cell = Spatial.parent(of: Spatial.cell15(lat: -17.0, lng: 179.95), resolution: 2)
            #expect(Spatial.boundaryGeometry(of: cell).type == "MultiPolygon", "the fixture cell must cross ±180°")
            let geo = try await server.request("GET", "/api/v1/cells?variable=pm25&resolution=2&format=geojson").json()
            let feature = try #require((geo["features"] as? [[String: Any]])?.first)
            let geometry = try #require(feature["geometry"] as? [String: Any])
            #expect(geometry["type"] as? String == "MultiPolygon")
            let polygons = try #require(geometry["coordinates"] as? [[[[Double]]]])
            #expect(polygons.count == 2)
            for ring in polygons.map({ $0[0] }) {
                let longitudes = ring.map { $0[0] }
                #expect(longitudes.allSatisfy { $0 >= 0 } || longitudes.allSatisfy { $0 <= 0 }, "each part stays on one side: \(longitudes)")
                #expect(ring.first == ring.last)
            }
        }
    }

    @Test func aRepeatedReadIsServedAgainUntilAWriteChangesTheDataAndAnswers304ToItsETag() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let cell = Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: 48.85, lng: 2.35), resolution: 5))
            let path = "/api/v1/observations/\(cell)/timeseries?variable=pm25&bucket=1d"
            let first = try await server.request("GET", path)
            let etag = try #require(first.headers["etag"])
            let again = try await server.request("GET", path)
            #expect(again.body == first.body && again.headers["etag"] == etag)
            #expect(try await server.request("GET", path, headers: ["If-None-Match": etag]).status == 304)
            // A write into the cell: the very next read sees it (no stale answer), under a new ETag.
            let write = #"{"variable":"pm25","value":500,"observedAt":\#(IngestTests.t0 + 49 * 3_600_000),"lat":48.85,"lng":2.35,"stationId":"a"}"#
            #expect(try await server.request("POST", "/api/v1/observations", body: write, contentType: "application/x-ndjson").status == 200)
            let after = try await server.request("GET", path)
            #expect(after.headers["etag"] != etag)
            #expect(after.text.contains("500"), "the new reading is in the answer")
            #expect(try await server.request("GET", path, headers: ["If-None-Match": etag]).status == 200)
        }
    }

    @Test func pagingWithCursorsReturnsEveryRowOnce() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            var seen = 0
            var cursor: String?
            repeat {
                let path = "/api/v1/observations?variable=pm25&limit=25" + (cursor.map { "&cursor=\($0)" } ?? "")
                let body = try await server.request("GET", path).json()
                seen += (body["data"] as? [Any])?.count ?? 0
                cursor = (body["pagination"] as? [String: Any])?["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == 96)
        }
    }

    @Test(arguments: [
        ("/api/v1/observations?bbox=1,2,3", "west,south,east,north"),
        ("/api/v1/observations?start=yesterday", "RFC 3339"),
        ("/api/v1/observations?variable=pm26", "pm25"),
        ("/api/v1/observations?limit=0", "'limit'"),
        ("/api/v1/observations?cursor=zzz", "cursor"),
        ("/api/v1/cells?resolution=3", "'variable' is required"),
        ("/api/v1/observations/nothex/timeseries?variable=pm25", "H3 cell"),
    ])
    func badParametersAreProblemsThatSayWhatToSend(path: String, hint: String) async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("GET", path)
            #expect(reply.status == 400)
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect(reply.text.contains(hint), "\(reply.text)")
        }
    }

    @Test func registeredVariablesCanBeIngestedAndRedefinitionConflicts() async throws {
        try await LiveServer.with { server in
            let definition = #"{"name":"soil_moisture","unit":"%","domain":"food","validMin":0,"validMax":100}"#
            #expect(try await server.request("POST", "/api/v1/variables", body: definition, contentType: "application/json").status == 201)
            let record = #"{"variable":"soil_moisture","value":31,"observedAt":1700000000000,"lat":1,"lng":1}"#
            #expect(try await server.request("POST", "/api/v1/observations", body: record, contentType: "application/x-ndjson").status == 200)
            let changed = #"{"name":"soil_moisture","unit":"m3/m3","domain":"food"}"#
            #expect(try await server.request("POST", "/api/v1/variables", body: changed, contentType: "application/json").status == 409)
            let missing = try await server.request("POST", "/api/v1/variables", body: #"{"name":"x"}"#, contentType: "application/json")
            #expect(missing.status == 400 && missing.text.contains("unit"))
        }
    }
}
