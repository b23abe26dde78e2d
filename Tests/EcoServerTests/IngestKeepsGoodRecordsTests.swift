import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoCore
@testable import EcoServer
import EcoStore
import Foundation
import Testing

/// A bad record never costs the good ones around it, in any format (issue #4).
@Suite struct IngestKeepsGoodRecordsTests {
    static func json(_ hour: Int, _ value: String) -> String {
        #"{"variable":"pm25","value":\#(value),"observedAt":\#(IngestTests.t0 + Int64(hour) * 3_600_000),"lat":48.85,"lng":2.35,"stationId":"k"}"#
    }

    static func csvRow(_ hour: Int, _ value: String) -> String {
        "pm25,\(value),\(IngestTests.t0 + Int64(hour) * 3_600_000),48.85,2.35,k"
    }

    /// (content type, body, records expected stored, records rejected)
    static let cases: [(String, String, Int, Int)] = [
        ("application/json", "[" + [json(0, "1"), json(1, "2"), json(2, "3"), json(3, "\"high\""), json(4, "5")].joined(separator: ",") + "]", 4, 1),
        ("application/x-ndjson", [json(0, "1"), json(1, "2"), json(2, "3"), "{not json", json(4, "5")].joined(separator: "\n"), 4, 1),
        ("text/csv", "variable,value,observedAt,lat,lng,stationId\n" + [csvRow(0, "1"), csvRow(1, "2"), csvRow(2, "3"), csvRow(3, "NaN"), csvRow(4, "5")].joined(separator: "\n"), 4, 1),
        // A JSON array that breaks off: what came before the break is kept.
        ("application/json", "[" + [json(0, "1"), json(1, "2"), json(2, "3")].joined(separator: ",") + ", {\"variable\": tr", 3, 1),
    ]

    @Test(arguments: cases)
    func goodRecordsBeforeAndAfterABadOneAreStored(contentType: String, body: String, stored: Int, rejected: Int) async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("POST", "/api/v1/observations", body: body, contentType: contentType)
            #expect(reply.status == 200, "\(reply.text)")
            let report = try JSONDecoder().decode(IngestReport.self, from: reply.body)
            #expect(report.accepted == stored && report.rejected == rejected, "\(report)")
            let rows = try await server.services.store.observations(SeriesFilter(variable: "pm25"), window: .all, after: nil, limit: 100)
            #expect(rows.count == stored)
        }
    }
}
