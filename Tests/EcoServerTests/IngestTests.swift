import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoCore
@testable import EcoServer
import EcoStore
import Foundation
import Testing

@Suite struct IngestTests {
    static let t0: Int64 = 1_700_000_000_000 / 3_600_000 * 3_600_000

    static func record(_ value: Double, variable: String = "temperature_2m", unit: String? = nil, hour: Int = 0, station: String = "a") -> String {
        let unitField = unit.map { #","unit":"\#($0)""# } ?? ""
        return #"{"variable":"\#(variable)","value":\#(value)\#(unitField),"observedAt":\#(t0 + Int64(hour) * 3_600_000),"lat":48.85,"lng":2.35,"source":"test","stationId":"\#(station)"}"#
    }

    @Test func jsonArrayIsStoredInTheCanonicalUnit() async throws {
        try await LiveServer.with { server in
            let body = "[" + (0..<5).map { Self.record(50, unit: "°F", hour: $0) }.joined(separator: ",") + "]"
            let reply = try await server.request("POST", "/api/v1/observations", body: body, contentType: "application/json")
            #expect(reply.status == 200)
            let report = try JSONDecoder().decode(IngestReport.self, from: reply.body)
            #expect(report.accepted == 5 && report.inserted == 5 && report.newSeries == 1)
            let rows = try await server.services.store.observations(SeriesFilter(), window: .all, after: nil, limit: 10)
            #expect(rows.count == 5)
            #expect(rows.allSatisfy { abs($0.value - 10) < 1e-12 })
        }
    }

    @Test func ndjsonRejectionsNameLineFieldAndReason() async throws {
        try await LiveServer.with { server in
            let body = [Self.record(1), "{broken", Self.record(-4, variable: "pm25", hour: 1), Self.record(2, hour: 2)].joined(separator: "\n")
            let reply = try await server.request("POST", "/api/v1/observations", body: body, contentType: "application/x-ndjson")
            #expect(reply.status == 200)
            let report = try JSONDecoder().decode(IngestReport.self, from: reply.body)
            #expect(report.accepted == 2 && report.rejected == 2)
            #expect(report.errors.map(\.line) == [2, 3])
            #expect(report.errors.last?.field == "value")
            #expect(report.errors.last?.reason.contains("valid range of pm25") == true)
        }
    }

    @Test func csvWithHeaderIsAccepted() async throws {
        try await LiveServer.with { server in
            let body = "variable,value,unit,observedAt,lat,lng\nprecipitation,0.5,in,2024-05-01T00:00:00Z,10,20\nprecipitation,1,mm,2024-05-01T01:00:00Z,10,20\n"
            let reply = try await server.request("POST", "/api/v1/observations", body: body, contentType: "text/csv")
            #expect(reply.status == 200)
            let rows = try await server.services.store.observations(SeriesFilter(variable: "precipitation"), window: .all, after: nil, limit: 10)
            #expect(rows.map(\.value) == [12.7, 1])
        }
    }

    @Test func atomicBatchWithOneBadRecordStoresNothing() async throws {
        try await LiveServer.with { server in
            let body = "[" + Self.record(1) + "," + Self.record(3, variable: "pm26") + "]"
            let reply = try await server.request("POST", "/api/v1/observations?atomic=true", body: body, contentType: "application/json")
            #expect(reply.status == 422)
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect(reply.text.contains("Did you mean 'pm25'"))
            #expect(try await server.services.store.series(matching: SeriesFilter()).isEmpty)
        }
    }

    @Test func bodyOverTheLimitIs413WithTheLimit() async throws {
        try await LiveServer.with(configure: { $0.maxIngestBytes = 2048 }) { server in
            let body = "[" + (0..<40).map { Self.record(1, hour: $0) }.joined(separator: ",") + "]"
            let reply = try await server.request("POST", "/api/v1/observations", body: body, contentType: "application/json")
            #expect(reply.status == 413)
            #expect(reply.text.contains("2048"))
        }
    }

    @Test func unknownContentTypeIs415() async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("POST", "/api/v1/observations", body: "x", contentType: "application/xml")
            #expect(reply.status == 415)
            #expect(reply.text.contains("application/x-ndjson"))
        }
    }

    @Test func resendingReplacesInsteadOfDuplicating() async throws {
        try await LiveServer.with { server in
            _ = try await server.request("POST", "/api/v1/observations", body: Self.record(1), contentType: "application/x-ndjson")
            let reply = try await server.request("POST", "/api/v1/observations", body: Self.record(7), contentType: "application/x-ndjson")
            let report = try JSONDecoder().decode(IngestReport.self, from: reply.body)
            #expect(report.replaced == 1 && report.inserted == 0)
            let rows = try await server.services.store.observations(SeriesFilter(), window: .all, after: nil, limit: 10)
            #expect(rows.map(\.value) == [7])
        }
    }
}
