import EcoCore
import EcoPipeline
@testable import EcoServer
import EcoStore
@testable import EcoStoreSQLite
import Foundation
import Testing

/// Issue #21: the server's ingest answered 500 (`UNIQUE constraint failed: series.variable…`) for a
/// series whose row another writer had added to the file after the server opened it.
@Suite struct IngestSeriesConflictTests {
    @Test func aSeriesAddedBehindTheServersBackIsReusedNot500() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-conflict-\(UUID().uuidString)/ecotrack.sqlite").path
        try await LiveServer.with(storePath: path) { server in
            let cell = Int64(bitPattern: Spatial.cell15(lat: 48.85, lng: 2.35))
            // Another writer (a raw connection: the lock binds only SQLiteStore openings) adds the series.
            let other = try SQLiteConnection(path: path)
            try other.execute("""
                INSERT INTO series (variable, source, station_id, cell, lat, lng, last_t, last_value)
                VALUES ('temperature_2m', 'test', 'a', \(cell), 48.85, 2.35, \(IngestTests.t0), 4)
                """)
            other.close()

            let reply = try await server.request("POST", "/api/v1/observations", body: IngestTests.record(9, hour: 1), contentType: "application/x-ndjson")
            #expect(reply.status == 200, "\(reply.text)")
            let report = try JSONDecoder().decode(IngestReport.self, from: reply.body)
            #expect(report.inserted == 1 && report.newSeries == 0)
            let series = try await server.services.store.series(matching: SeriesFilter())
            #expect(series.count == 1 && series.first?.lastValue == 9)
        }
    }
}
