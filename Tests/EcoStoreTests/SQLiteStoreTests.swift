import EcoCore
@testable import EcoStore
import Foundation
import Testing

@Suite struct SQLiteStoreTests {
    @Test(arguments: StoreContract.allCases)
    func sqliteStoreHonoursContract(_ contract: StoreContract) async throws {
        let store = try SQLiteStore.temporary()
        try await contract.check(store)
        try await store.close()
    }

    @Test func dataSurvivesReopening() async throws {
        let store = try SQLiteStore.temporary(durability: .full)
        _ = try await store.insert([StoreContract.observation("a", cell: 5, t: 0, 21.5)])
        try await store.close()
        let reopened = try SQLiteStore(path: store.path)
        let rows = try await reopened.observations(SeriesFilter(), window: .all, after: nil, limit: 5)
        #expect(rows.map(\.value) == [21.5])
        #expect(try await reopened.series(matching: SeriesFilter()).count == 1)
        try await reopened.close()
    }

    @Test func concurrentInsertsShareTransactionsAndLoseNothing() async throws {
        let store = try SQLiteStore.temporary()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for round in 0..<10 {
                        let batch = (0..<50).map { i in
                            StoreContract.observation("w\(writer)", cell: UInt64(writer), t: Int64(round * 50 + i) * 1000, Double(i))
                        }
                        _ = try await store.insert(batch)
                    }
                }
            }
            try await group.waitForAll()
        }
        let ids = try await store.series(matching: SeriesFilter()).map(\.id)
        #expect(ids.count == 8)
        #expect(try await store.estimatedCount(of: ids, window: .all) == 8 * 500)
        try await store.close()
    }

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
        let rows = (0..<300_000).map { StoreContract.observation("slow", cell: 1, t: Int64($0) * 1000, Double($0 % 7)) }
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
