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
