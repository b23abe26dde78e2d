import EcoCore
@testable import EcoServer
import Foundation
import Testing

/// What list answers and metrics say matches what they do (issue #21, "Small truths").
@Suite struct ListTruthsTests {
    /// Station a (last at hour 3, 40) and b (last at hour 2, 10) in one resolution-7 cell; c far away.
    static func seed(_ server: LiveServer) async throws {
        let t0 = IngestTests.t0
        let rows = [("a", 48.85, 2.35, 0, 30.0), ("a", 48.85, 2.35, 3, 40.0), ("b", 48.8502, 2.3502, 2, 10.0), ("c", 45.76, 4.83, 1, 5.0)]
        let body = rows.map { station, lat, lng, hour, value in
            #"{"variable":"pm25","value":\#(value),"observedAt":\#(t0 + Int64(hour) * 3_600_000),"lat":\#(lat),"lng":\#(lng),"stationId":"\#(station)"}"#
        }.joined(separator: "\n")
        #expect(try await server.request("POST", "/api/v1/observations", body: body, contentType: "application/x-ndjson").status == 200)
    }

    @Test func latestValueIsTheLastReportAndMeanOfLatestAveragesTheStations() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let cell = Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: 48.85, lng: 2.35), resolution: 7))
            let data = try await server.request("GET", "/api/v1/observations/latest?variable=pm25&resolution=7&h3=\(cell)").json()["data"] as? [[String: Any]]
            let entry = try #require(data?.first)
            #expect(entry["stations"] as? Int == 2)
            #expect(entry["value"] as? Double == 40)  // station a reported last
            #expect(entry["observedAt"] as? String == Timestamp.format(ms: IngestTests.t0 + 3 * 3_600_000))
            #expect(entry["meanOfLatest"] as? Double == 25)  // (40 + 10) / 2
        }
    }

    @Test(arguments: ["/api/v1/observations/latest?variable=pm25&resolution=7", "/api/v1/cells?variable=pm25&resolution=7"])
    func paginationLimitEchoesTheLimitAskedFor(path: String) async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let whole = try await server.request("GET", path).json()
            #expect((whole["data"] as? [Any])?.count == 2)
            #expect((whole["pagination"] as? [String: Any])?["limit"] as? Int == 2)
            #expect((whole["pagination"] as? [String: Any])?["hasMore"] as? Bool == false)

            let one = try await server.request("GET", path + "&limit=1").json()
            #expect((one["data"] as? [Any])?.count == 1)
            #expect((one["pagination"] as? [String: Any])?["limit"] as? Int == 1)
            #expect((one["pagination"] as? [String: Any])?["hasMore"] as? Bool == true)

            let many = try await server.request("GET", path + "&limit=50").json()
            #expect((many["data"] as? [Any])?.count == 2)
            #expect((many["pagination"] as? [String: Any])?["limit"] as? Int == 50)
            #expect((many["pagination"] as? [String: Any])?["hasMore"] as? Bool == false)
            #expect(try await server.request("GET", path + "&limit=0").status == 400)
        }
    }

    @Test(arguments: ["/api/v1/variables", "/api/v1/users", "/api/v1/keys?all=true"])
    func wholeListsHonourAndEchoALimit(path: String) async throws {
        try await LiveServer.with { server in
            _ = try await server.services.access.accounts.createUser(email: "second@test.invalid", role: .viewer)
            let separator = path.contains("?") ? "&" : "?"
            let whole = try await server.request("GET", path).json()
            let count = try #require((whole["data"] as? [Any])?.count)
            #expect(count >= 2)
            #expect((whole["pagination"] as? [String: Any])?["limit"] as? Int == count)
            let one = try await server.request("GET", path + separator + "limit=1").json()
            #expect((one["data"] as? [Any])?.count == 1)
            #expect((one["pagination"] as? [String: Any])?["limit"] as? Int == 1)
            #expect((one["pagination"] as? [String: Any])?["hasMore"] as? Bool == true)
        }
    }

    @Test func anomaliesArePagedWithTheLimitAskedFor() async throws {
        try await LiveServer.with { server in
            let anomalies = (0..<3).map { i in
                AnomalyRecord(seriesId: 1, variable: "pm25", stationId: "a", h3Index: Spatial.hex(Spatial.cell15(lat: 48.85, lng: 2.35)), timeMs: IngestTests.t0 + Int64(i) * 60_000,
                              value: 900, anomalyScore: 9, baselineMean: 10, baselineStd: 2, kind: "spike", severity: "critical")
            }
            _ = try await server.services.store.recordAnomalies(anomalies, events: [])
            let two = try await server.request("GET", "/api/v1/anomalies?limit=2").json()
            #expect((two["data"] as? [Any])?.count == 2)
            #expect((two["pagination"] as? [String: Any])?["limit"] as? Int == 2)
            #expect((two["pagination"] as? [String: Any])?["hasMore"] as? Bool == true)
            let all = try await server.request("GET", "/api/v1/anomalies").json()
            #expect((all["data"] as? [Any])?.count == 3)
            #expect((all["pagination"] as? [String: Any])?["limit"] as? Int == 100)
            #expect((all["pagination"] as? [String: Any])?["hasMore"] as? Bool == false)
        }
    }

    @Test func storeOperationDurationsAreExported() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            _ = try await server.request("GET", "/api/v1/observations?variable=pm25")
            _ = try await server.request("GET", "/api/v1/observations/latest?variable=pm25&resolution=7")
            let metrics = try await server.request("GET", "/metrics").text
            for operation in ["insert_observations", "read_observations", "read_series"] {
                #expect(metrics.contains(#"store_operation_duration_seconds_count{operation="\#(operation)"}"#), "\(operation)")
            }
        }
    }
}
