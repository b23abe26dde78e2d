import EcoCore
import EcoStore
import Foundation

/// Copies committed pages from the write-ahead log into the database file on a thread and connection
/// of its own, so that no commit pays for it.
///
/// SQLite's default checkpoints inside the COMMIT that takes the WAL past 1,000 pages. A batch of
/// 2,500 observations over 250 series dirties about 800 pages, so at 50,000 observations/s nearly every
/// ingest commit also copied and synced the previous batches' pages, about doubling the writer's time
/// per batch — and with it the ingest and alert latency tails (docs/benchmarks.md). Passive checkpoints
/// never block the writer or the readers; the WAL starts over at the next commit once one has copied
/// everything. Should readers keep it from ever doing so, a restart checkpoint (which waits for them)
/// bounds the log at `restartPages` and truncates the file; between such checkpoints the file keeps at
/// most `journal_size_limit` (64 MB) once a checkpoint let it start over (SQLiteStore sets it).
final class WALCheckpointer: @unchecked Sendable {
    /// A checkpoint is requested once a commit leaves the WAL at least this long (SQLite's own default).
    static let checkpointPages: Int32 = 1_000
    /// WAL size past which a checkpoint waits for readers and the writer so the log can start over (~128 MB).
    static let restartPages: Int32 = 32_768

    private let connection: SQLiteConnection
    private let condition = NSCondition()
    private var walPages: Int32 = 0
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    /// Opens a connection of its own to `path` and takes over checkpoints from `writer`'s commits.
    init(path: String, writer: SQLiteConnection) throws {
        connection = try SQLiteConnection(path: path)
        // Opening the database file happens lazily; until then a checkpoint finds no WAL to copy.
        try connection.execute("PRAGMA journal_mode = WAL")
        let thread = Thread { [unowned self] in
            // Named from inside: on Linux a thread can only name itself, and otherwise inherits its
            // creator's name; at most 15 bytes, or top -H and perf do not show it.
            Thread.current.name = "sqlite-checkpnt"
            self.loop()
        }
        thread.start()
        writer.setWALCommitHook(WALCommitHook { [weak self] pages in self?.committed(walPages: pages) })
    }

    /// Stops the thread and closes its connection (the last connection to close checkpoints what is left).
    func stop() {
        condition.lock()
        let wasStopping = stopping
        stopping = true
        condition.signal()
        condition.unlock()
        guard !wasStopping else { return }
        finished.wait()
        connection.close()
    }

    /// Called on the writer thread after each commit.
    private func committed(walPages pages: Int32) {
        guard pages >= Self.checkpointPages else { return }
        condition.lock()
        walPages = pages
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while walPages == 0 && !stopping { condition.wait() }
            let (pages, done) = (walPages, stopping)
            walPages = 0
            condition.unlock()
            if done { break }
            _ = try? connection.checkpoint(pages >= Self.restartPages ? .truncate : .passive)
        }
        finished.signal()
    }
}
