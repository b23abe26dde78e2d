import EcoCore
import EcoStore
import VaporCSQLite

/// What a commit on a connection with a WAL hook reports: the WAL's size in pages.
final class WALCommitHook: @unchecked Sendable {
    let onCommit: (Int32) -> Void
    init(_ onCommit: @escaping (Int32) -> Void) { self.onCommit = onCommit }
}

extension SQLiteConnection {
    /// How a checkpoint treats the writer and the readers (SQLite's `SQLITE_CHECKPOINT_*`).
    enum CheckpointMode: Int32 {
        /// Copies what it can without waiting for anyone.
        case passive = 0
        /// Waits for the writer and the readers, copies everything, and has the next writer start the WAL over.
        case restart = 2
        /// As `restart`, and truncates the WAL file to nothing.
        case truncate = 3
    }

    /// Calls `hook` on the committing thread after every commit, instead of SQLite's automatic
    /// checkpoints (`wal_autocheckpoint`), which this replaces. The connection keeps `hook` alive.
    func setWALCommitHook(_ hook: WALCommitHook) {
        walCommitHook = hook
        sqlite_nio_sqlite3_wal_hook(handle, { context, _, _, pages in
            Unmanaged<WALCommitHook>.fromOpaque(context!).takeUnretainedValue().onCommit(pages)
            return 0  // SQLITE_OK
        }, Unmanaged.passUnretained(hook).toOpaque())
    }

    /// Runs a checkpoint; returns the WAL's size and how much of it is now in the database file, in pages.
    @discardableResult
    func checkpoint(_ mode: CheckpointMode) throws(SQLiteError) -> (walPages: Int32, copiedPages: Int32) {
        var walPages: Int32 = 0
        var copiedPages: Int32 = 0
        let status = sqlite_nio_sqlite3_wal_checkpoint_v2(handle, nil, mode.rawValue, &walPages, &copiedPages)
        // BUSY: a reader or writer was in the way (RESTART) or another checkpoint ran; the next one retries.
        guard status == SQLITE_OK || status == SQLITE_BUSY else { throw SQLiteError(code: status, message: lastErrorMessage) }
        return (walPages, copiedPages)
    }
}
