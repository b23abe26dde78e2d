import EcoCore
import EcoStore

@testable import EcoStoreSQLite
import Foundation
import Testing

/// Issue #21: one process per SQLite file, and a series row the process did not write is taken
/// over instead of failing the insert on the UNIQUE key.
@Suite struct WriterLockTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-lock-\(UUID().uuidString)/ecotrack.sqlite").path
    }

    @Test func aSecondOpeningIsRefusedWithWhoHoldsTheFileAndWhatToDo() async throws {
        let path = Self.temporaryPath()
        let first = try SQLiteStore(path: path, durability: .normal)
        do {
            _ = try SQLiteStore(path: path, durability: .normal)
            Issue.record("a second opening of \(path) was allowed")
        } catch let refused as SQLiteStoreInUse {
            #expect(refused.path == path)
            #expect(refused.holder.hasPrefix("pid \(getpid()) ("))
            #expect(refused.description.contains("--server http://HOST:PORT"))
            #expect(refused.description.contains("in use by another process (pid \(getpid())"))
        }
        try await first.close()
        // Closing gives the file up: the next opening sees what the first wrote.
        let second = try SQLiteStore(path: path, durability: .normal)
        #expect(try await second.isReady())
        try await second.close()
    }

    /// A row written behind the store's back (another program, or an ecotrack from before the lock)
    /// used to fail the next insert of that series with `UNIQUE constraint failed: series.variable…`.
    @Test func aSeriesRowWrittenByAnotherWriterIsTakenOver() async throws {
        let store = try SQLiteStore.temporary()
        let t0: Int64 = 1_714_521_600_000
        let key = SeriesKey(variable: "pm25", source: "other", stationId: "s1", cell: Spatial.cell15(lat: 48.85, lng: 2.35))
        let other = try SQLiteConnection(path: store.path)
        try other.execute("""
            INSERT INTO series (variable, source, station_id, cell, lat, lng, last_t, last_value, hourly)
            VALUES ('pm25', 'other', 's1', \(Int64(bitPattern: key.cell)), 48.85, 2.35, \(t0), 5, 1);
            INSERT INTO observations (series_id, t, value) SELECT id, \(t0), 5 FROM series;
            """)
        let find = try other.statement("SELECT id FROM series")
        #expect(try find.step())
        let otherID = find.int64(0)
        find.reset()
        other.close()

        let summary = try await store.insert([Observation(series: key, lat: 48.85, lng: 2.35, observedAtMs: t0 + 3_600_000, value: 7)])
        #expect(summary.inserted == 1 && summary.newSeries == 0)
        let series = try await store.series(matching: SeriesFilter())
        #expect(series.map(\.id) == [otherID])
        #expect(series.first?.lastValue == 7 && series.first?.lastObservedAtMs == t0 + 3_600_000)
        let rows = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 10)
        #expect(rows.map(\.value) == [5, 7])
        // The next insert of the series goes to the same row without asking the file again.
        let again = try await store.insert([Observation(series: key, lat: 48.85, lng: 2.35, observedAtMs: t0 + 7_200_000, value: 9)])
        #expect(again.inserted == 1 && again.newSeries == 0)
        #expect(try await store.series(matching: SeriesFilter()).count == 1)
        try await store.close()
    }
}
