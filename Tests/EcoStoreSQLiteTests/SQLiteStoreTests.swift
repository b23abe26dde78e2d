import EcoCore
import EcoStore

@testable import EcoStoreSQLite
import EcoStoreTesting
import Foundation
import Testing

/// The whole store contract (EcoStoreTesting) on the SQLite adapter: every case on a fresh temporary
/// store; "reopen" closes the file and opens it again, as a restart does.
@Suite struct SQLiteContractTests {
    @Test(arguments: StoreContract.all)
    func sqliteStoreKeepsThePromise(_ contract: ContractCase) async throws {
        let store = try SQLiteStore.temporary(durability: .full)
        try await StoreUnderTest.run(contract, on: store) { current in
            let path = (current as! SQLiteStore).path
            try await current.close()
            return try SQLiteStore(path: path, durability: .full)
        }
    }
}

/// What only the SQLite adapter does: its schema versions, and its own clock of bookkeeping.
@Suite struct SQLiteStoreTests {
    @Test func newerSchemaRefusesToOpen() async throws {
        let store = try SQLiteStore.temporary()
        try await store.close()
        let connection = try SQLiteConnection(path: store.path)
        try connection.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)")
        connection.close()
        #expect(throws: StoreError.schemaTooNew(found: 999, supported: Migrations.latestVersion, path: store.path)) {
            _ = try SQLiteStore(path: store.path)
        }
        // The failed opening gave its writer lock back: the next one is refused for the schema again.
        #expect(throws: StoreError.schemaTooNew(found: 999, supported: Migrations.latestVersion, path: store.path)) {
            _ = try SQLiteStore(path: store.path)
        }
    }
}

/// Migration 0011 (issue #21): the organizations users named before it become organization records.
@Suite struct OrganizationMigrationTests {
    @Test func organizationsNamedByUsersBecomeRecordsWithTheSameIdAndName() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-0011-\(UUID().uuidString).sqlite").path
        let connection = try SQLiteConnection(path: path)
        try Migrator.migrate(connection, migrations: Migrations.all.filter { $0.version < 11 })
        try connection.execute("""
            INSERT INTO users (id, email, role, organization, tier, password_hash, created_at, disabled) VALUES
              ('u1', 'a@example.org', 'analyst', 'Acme Corp', 'free', NULL, 5, 0),
              ('u2', 'b@example.org', 'viewer', 'Acme Corp', 'free', NULL, 3, 0),
              ('u3', 'c@example.org', 'viewer', NULL, 'free', NULL, 4, 0),
              ('u4', 'd@example.org', 'viewer', '', 'free', NULL, 4, 0)
            """)
        connection.close()
        let store = try SQLiteStore(path: path)
        #expect(try await store.organizations() == [Organization(id: "Acme Corp", name: "Acme Corp", createdAtMs: 3)])
        #expect(try await store.users(organization: "Acme Corp").map(\.id) == ["u1", "u2"])
        try await store.close()
    }
}

@Suite struct QueryTimeoutTests {
    @Test func aReadLongerThanTheTimeoutIsStoppedWithAClearError() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-timeout-\(UUID().uuidString)")
        let store = try SQLiteStore(path: directory.appendingPathComponent("t.sqlite").path, durability: .normal, queryTimeout: .milliseconds(1))
        let rows = (0..<300_000).map { SQLiteEventLogTests.observation("slow", cell: 1, t: Int64($0) * 1000, Double($0 % 7)) }
        _ = try await store.insert(rows)
        let id = try #require(try await store.series(matching: SeriesFilter()).first?.id)
        // The watchdog is a timer: on a machine busy with the rest of the suite it may fire after a
        // read has finished, so a few reads are tried; one of them must be stopped, with this error.
        var stopped = false
        for _ in 0..<10 where !stopped {
            do {
                _ = try await store.buckets(of: [id], window: .all, bucket: .day, rawValueLimit: .max)
            } catch let error as StoreError {
                #expect(error == .queryTimedOut(limit: .milliseconds(1)))
                stopped = true
            }
        }
        #expect(stopped)
        // The connection is usable again afterwards.
        #expect(try await store.isReady())
        try await store.close()
    }
}

/// Issue #23: a restart over a large event log holds no write behind a walk of the log.
@Suite struct LargeEventLogTests {
    static let day: Int64 = 86_400_000

    /// A store whose log holds `count` events, all but the newest 100,000 appended ten days ago,
    /// written straight into the file (an append per event would take minutes in a debug build).
    static func storeWithOldEvents(_ count: Int) async throws -> String {
        let store = try SQLiteStore.temporary(durability: .normal)
        let path = store.path
        try await store.commitConsumerOffset("lagging", offset: 1)
        try await store.close()
        let db = try SQLiteConnection(path: path)
        defer { db.close() }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try db.execute("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))
            INSERT INTO events ("offset", topic, "key", time, payload, appended_at)
            SELECT i, 'test.topic', NULL, i, '{}', CASE WHEN i <= \(count - 100_000) THEN \(now - 10 * day) ELSE \(now) END FROM n;
            UPDATE sqlite_sequence SET seq = \(count) WHERE name = 'events';
            INSERT INTO sqlite_sequence (name, seq) SELECT 'events', \(count) WHERE changes() = 0;
            """)
        return path
    }

    @Test func retentionFindsItsCutOverAMillionEventsWithoutWalkingTheLog() async throws {
        let path = try await Self.storeWithOldEvents(1_000_000)
        let db = try SQLiteConnection(path: path)
        defer { db.close() }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let cut = try SQLiteStore.retentionCut(EventRetention(maxAgeMs: 7 * Self.day, maxEvents: 10_000_000), nowMs: now, on: db)
        #expect(cut == 900_001)
        let byAge = try db.statement(#"SELECT "offset" FROM events WHERE appended_at < ? ORDER BY appended_at DESC LIMIT 1"#)
        #expect(byAge.fullScanSteps == 0 && byAge.virtualMachineSteps < 1_000, "steps \(byAge.virtualMachineSteps)")
        let countCut = try SQLiteStore.retentionCut(EventRetention(maxAgeMs: nil, maxEvents: 250_000), nowMs: now, on: db)
        #expect(countCut == 750_001)
        #expect(try EventRows.oldestOffset(db) == 1)
    }

    @Test func aWriteDuringPruningAfterARestartIsCommittedBeforeThePruningEnds() async throws {
        let path = try await Self.storeWithOldEvents(1_000_000)
        let store = try SQLiteStore(path: path, durability: .normal)
        #expect(try await store.latestEventOffset() == 1_000_000)
        #expect(try await store.consumerOffset("lagging") == 1)
        let pruning = Task { try await store.pruneEvents(EventRetention(maxAgeMs: 7 * Self.day, maxEvents: 10_000_000), nowMs: Int64(Date().timeIntervalSince1970 * 1000)) }
        // The retention runs as many small writer jobs: an insert queued now commits between two of them.
        while try await store.events(after: 0, topics: nil, limit: 1).first?.offset == 1 { await Task.yield() }
        _ = try await store.insert([SQLiteEventLogTests.observation("live", cell: 5, t: 0, 1)])
        let oldestWhenWritten = try await store.events(after: 0, topics: nil, limit: 1).first?.offset ?? 0
        #expect(oldestWhenWritten < 900_001, "the write did not wait for the whole pruning")
        #expect(try await pruning.value == 900_000)
        #expect(try await store.events(after: 0, topics: nil, limit: 1).first?.offset == 900_001)
        try await store.close()
    }
}

/// Migration numbers may have gaps (branches take numbers apart), and a migration merged later with a lower
/// number than one already applied still runs.
@Suite struct MigrationGapTests {
    @Test func aMigrationWithALowerNumberMergedLaterIsAppliedAndGapsAreAllowed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-gaps-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let connection = try SQLiteConnection(path: path)
        defer { connection.close() }
        let first = Migration(version: 1, name: "one", sql: "CREATE TABLE one (x INTEGER)")
        let third = Migration(version: 3, name: "three", sql: "CREATE TABLE three (x INTEGER)")
        let second = Migration(version: 2, name: "two", sql: "CREATE TABLE two (x INTEGER)")
        try Migrator.migrate(connection, migrations: [first, third])
        #expect(try Migrator.appliedVersions(connection) == [1, 3])
        try Migrator.migrate(connection, migrations: [first, second, third])
        #expect(try Migrator.appliedVersions(connection) == [1, 2, 3])
        try connection.execute("INSERT INTO two (x) VALUES (1)")
        // Running again applies nothing twice.
        try Migrator.migrate(connection, migrations: [first, second, third])
        #expect(try Migrator.appliedVersions(connection) == [1, 2, 3])
    }
}
