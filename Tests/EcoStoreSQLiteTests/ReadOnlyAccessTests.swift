import EcoCore
import EcoStore

@testable import EcoStoreSQLite
import Foundation
import Testing

/// Issue #21: a read-only opening works beside the file's writer (no lock, no migration, no writer
/// thread) and refuses every write, a missing file and a schema it would have to migrate.
@Suite struct ReadOnlyAccessTests {
    static let t0: Int64 = 1_714_521_600_000
    static let key = SeriesKey(variable: "pm25", source: "check", stationId: "paris", cell: Spatial.cell15(lat: 48.85, lng: 2.35))

    static func observation(hour: Int64, value: Double) -> Observation {
        Observation(series: key, lat: 48.85, lng: 2.35, observedAtMs: t0 + hour * 3_600_000, value: value)
    }

    @Test func readsBesideTheWriterAndRefusesWrites() async throws {
        let writer = try SQLiteStore.temporary()
        _ = try await writer.insert([Self.observation(hour: 0, value: 12), Self.observation(hour: 1, value: 14)])
        _ = try await writer.observations(SeriesFilter(), window: .all, after: nil, limit: 1)  // merges the stage
        let lockBefore = try String(contentsOfFile: writer.path + ".lock", encoding: .utf8)

        let reader = try SQLiteStore(path: writer.path, access: .readOnly)
        #expect(try await reader.isReady())
        #expect(try await reader.series(matching: SeriesFilter()).map(\.key) == [Self.key])
        #expect(try await reader.observations(SeriesFilter(), window: .all, after: nil, limit: 10).map(\.value) == [12, 14])
        // The writer goes on writing while the reader is open; the reader sees the rows once the writer has merged
        // them from its stage into the tables (ADR 0012: at most about 400 ms after they were acknowledged, if nothing reads).
        _ = try await writer.insert([Self.observation(hour: 2, value: 13)])
        let deadline = ContinuousClock.now + .seconds(30)  // generous: the parallel suite loads both cores
        var seen = try await reader.observations(SeriesFilter(), window: .all, after: nil, limit: 10).map(\.value)
        while seen != [12, 14, 13] && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            seen = try await reader.observations(SeriesFilter(), window: .all, after: nil, limit: 10).map(\.value)
        }
        #expect(seen == [12, 14, 13])

        let refused = await #expect(throws: SQLiteStoreReadOnly.self) { _ = try await reader.insert([Self.observation(hour: 3, value: 9)]) }
        #expect(refused?.reason == .writes)
        #expect(refused?.description.contains("--server http://HOST:PORT") == true)
        try await reader.close()
        // The reader neither took nor disturbed the writer's lock.
        #expect(try String(contentsOfFile: writer.path + ".lock", encoding: .utf8) == lockBefore)
        #expect(try await writer.observations(SeriesFilter(), window: .all, after: nil, limit: 10).map(\.value) == [12, 14, 13])
        try await writer.close()
    }

    @Test func aMissingFileIsNotCreated() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-none-\(UUID().uuidString)/ecotrack.sqlite").path
        let refused = #expect(throws: SQLiteStoreReadOnly.self) { _ = try SQLiteStore(path: path, access: .readOnly) }
        #expect(refused?.reason == .missing)
        #expect(refused?.description.contains("There is no SQLite file at \(path)") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aFileAtAnotherSchemaIsNotMigrated() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-old-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ecotrack.sqlite").path
        let old = try SQLiteConnection(path: path)
        try old.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL); INSERT INTO schema_migrations VALUES (1, 'first', 0)")
        old.close()
        let refused = #expect(throws: SQLiteStoreReadOnly.self) { _ = try SQLiteStore(path: path, access: .readOnly) }
        #expect(refused?.reason == .schema(found: 1, expected: Migrations.latestVersion))
        let check = try SQLiteConnection(path: path, readOnly: true)
        #expect(try Migrator.appliedVersion(check) == 1)
    }
}
