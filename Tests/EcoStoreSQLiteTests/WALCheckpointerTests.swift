import EcoCore
import EcoStore

@testable import EcoStoreSQLite
import Foundation
import Testing

@Suite struct WALCheckpointerTests {
    private func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// Commits no longer checkpoint (the WAL hook replaces SQLite's automatic checkpoints), so without
    /// the background checkpointer the database file would stay at its empty size and the WAL would grow
    /// with every batch.
    @Test func committedPagesReachTheDatabaseFileAndTheLogStartsOver() async throws {
        let store = try SQLiteStore.temporary()
        let emptySize = size(store.path)
        var walSizes: [Int] = []
        for batch in 0..<40 {
            let rows = (0..<2_000).map { i in
                SQLiteEventLogTests.observation("s\(i % 200)", cell: UInt64(i % 200), t: Int64(batch * 10 + i / 200) * 60_000, Double(i))
            }
            _ = try await store.insert(rows)
            walSizes.append(size(store.path + "-wal"))
        }
        // The checkpointer runs on its own thread: give it a moment to copy the last batches.
        for _ in 0..<100 where size(store.path) < 4 * emptySize + 1_000_000 {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(size(store.path) > 4 * emptySize + 1_000_000)
        // Forty batches of ~800 dirty pages each would make a WAL of ~130 MB if it never started over.
        #expect(walSizes.max()! < 40_000_000)
        #expect(try await store.estimatedCount(of: store.series(matching: SeriesFilter()).map(\.id), window: .all) == 80_000)
        try await store.close()
        let reopened = try SQLiteStore(path: store.path)
        #expect(try await reopened.series(matching: SeriesFilter()).count == 200)
        try await reopened.close()
    }
}
