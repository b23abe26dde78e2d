import EcoStore
@testable import EcoStoreSQLite
import Foundation
import Synchronization
import Testing

/// The writer answers a job only once the syncer's fsync after its COMMIT has returned (ADR 0016).
@Suite struct CommitSyncerTests {
    /// A sync the test opens and closes, counting the calls; `failing` makes the next one throw.
    final class Gate: @unchecked Sendable {
        private let condition = NSCondition()
        private var open = false
        private(set) var calls = 0
        var failing = false

        func sync() throws {
            condition.lock()
            defer { condition.unlock() }
            calls += 1
            while !open { condition.wait() }
            if failing { failing = false; throw SyncFailure(path: "test.sqlite-wal", errno: EIO) }
        }

        func set(open: Bool) {
            condition.lock()
            self.open = open
            condition.broadcast()
            condition.unlock()
        }
    }

    /// What the jobs' afterCommit saw, in order.
    final class Completed: Sendable {
        let ids = Mutex<[Int64]>([])
        let failure = Mutex<String?>(nil)
    }

    /// A writer on a fresh WAL database whose commits are synced through `gate`.
    struct Fixture {
        var path: String
        var connection: SQLiteConnection
        var gate = Gate()
        var writer: GroupCommitWriter
        var completed = Completed()

        init(path: String, connection: SQLiteConnection) {
            self.path = path
            self.connection = connection
            writer = GroupCommitWriter(connection: connection, syncer: CommitSyncer(sync: gate.sync))
        }
    }

    private func fixture() throws -> Fixture {
        let (path, connection) = try database()
        return Fixture(path: path, connection: connection)
    }

    private func database() throws -> (path: String, connection: SQLiteConnection) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("syncer.sqlite").path
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE t (id INTEGER PRIMARY KEY)")
        return (path, connection)
    }

    private func rows(in path: String) throws -> [Int64] {
        let reader = try SQLiteConnection(path: path, readOnly: true)
        defer { reader.close() }
        let query = try reader.statement("SELECT id FROM t ORDER BY id")
        defer { query.reset() }
        var ids: [Int64] = []
        while try query.step() { ids.append(query.int64(0)) }
        return ids
    }

    /// Waits (up to 2 s) until a reader sees exactly `expected`; true once it does.
    private func committed(_ expected: [Int64], in path: String) async throws -> Bool {
        for _ in 0..<200 where try rows(in: path) != expected { try await Task.sleep(for: .milliseconds(10)) }
        return try rows(in: path) == expected
    }

    private func insert(_ id: Int64, into writer: GroupCommitWriter, completed: Completed) async throws {
        try await writer.submit { db in
            try db.execute("INSERT INTO t (id) VALUES (\(id))")
            return ((), afterCommit: { completed.ids.withLock { $0.append(id) } })
        }
    }

    @Test func aJobIsAnsweredAfterTheSyncThatFollowsItsCommitInCommitOrder() async throws {
        let f = try fixture()
        let (path, connection, gate, writer, completed) = (f.path, f.connection, f.gate, f.writer, f.completed)
        let first = Task { try await insert(1, into: writer, completed: completed) }
        // Committed (a reader sees it) while its sync waits: neither answered nor its afterCommit run.
        #expect(try await committed([1], in: path))
        let second = Task { try await insert(2, into: writer, completed: completed) }
        #expect(try await committed([1, 2], in: path), "the writer commits the next group while the first one's sync waits")
        #expect(completed.ids.withLock { $0 }.isEmpty)
        gate.set(open: true)
        try await first.value
        try await second.value
        #expect(completed.ids.withLock { $0 } == [1, 2])
        #expect(gate.calls <= 2)
        writer.stop()
        connection.close()
    }

    @Test func aFailedSyncFailsItsJobsButTheirCommittedEffectsStillApply() async throws {
        let f = try fixture()
        let (path, connection, gate, writer, completed) = (f.path, f.connection, f.gate, f.writer, f.completed)
        gate.failing = true
        gate.set(open: true)
        await #expect(throws: SyncFailure.self) { try await insert(1, into: writer, completed: completed) }
        #expect(completed.ids.withLock { $0 } == [1], "the row is in the file, so the store's memory must know it")
        try await insert(2, into: writer, completed: completed)
        #expect(try rows(in: path) == [1, 2])
        writer.stop()
        connection.close()
    }

    @Test func stoppingTheWriterSyncsAndAnswersWhatIsQueued() async throws {
        let f = try fixture()
        let (path, connection, gate, writer, completed) = (f.path, f.connection, f.gate, f.writer, f.completed)
        let job = Task { try await insert(7, into: writer, completed: completed) }
        #expect(try await committed([7], in: path))
        let stopped = Thread { writer.stop() }
        stopped.start()
        try await Task.sleep(for: .milliseconds(50))
        gate.set(open: true)
        try await job.value
        #expect(completed.ids.withLock { $0 } == [7])
        connection.close()
    }

    @Test func aFullyDurableStoreSyncsBesideItsWriterAndAWALThatCannotBeOpenedIsReported() async throws {
        let full = try SQLiteStore.temporary(durability: .full)
        let normal = try SQLiteStore.temporary(durability: .normal)
        #expect(full.writer.syncsBesideTheWriter && !normal.writer.syncsBesideTheWriter)
        _ = try await full.insert([SQLiteEventLogTests.observation("s", cell: 1, t: 60_000, 1)])
        #expect(try await full.observations(SeriesFilter(), window: .all, after: nil, limit: 10).count == 1)
        try await full.close()
        try await normal.close()
        let missing = CommitSyncer(databasePath: "/nonexistent-\(UUID().uuidString)/x.sqlite")
        let answer = Completed()
        missing.enqueue { failure in answer.failure.withLock { $0 = failure.map { "\($0)" } } }
        missing.stop()
        #expect(answer.failure.withLock { $0 }?.contains("could not sync") == true)
    }
}
