import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Makes the writer's commits durable on a thread of its own (ADR 0016).
///
/// With durability `full` the writer commits with `synchronous = NORMAL`: SQLite writes the group's
/// WAL frames but does not wait for the disk. The writer then hands the group's completion here and
/// goes on with the next group, while this thread fsyncs the WAL once for every group committed
/// since its last fsync and then runs their completions, in commit order. A caller is answered, and
/// a commit's events are published, only once its frames are on disk; the fsync's milliseconds
/// overlap the next group's work instead of stalling the writer.
final class CommitSyncer: @unchecked Sendable {
    /// Runs once the commit is durable; gets the error when the fsync failed.
    typealias Completion = (_ failure: (any Error)?) -> Void

    private let sync: () throws -> Void
    private let condition = NSCondition()
    private var waiting: [Completion] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    /// Syncs the write-ahead log of the database at `databasePath` (its `-wal` file, and once its
    /// directory, which holds the file's name).
    convenience init(databasePath: String) {
        let log = WALFile(path: databasePath + "-wal", directory: (databasePath as NSString).deletingLastPathComponent)
        self.init(sync: log.sync)
    }

    /// Calls `sync` to make every commit so far durable (tests pass their own).
    init(sync: @escaping () throws -> Void) {
        self.sync = sync
        let thread = Thread { [unowned self] in
            // Named from inside (see GroupCommitWriter); at most 15 bytes.
            Thread.current.name = "sqlite-sync"
            self.loop()
        }
        thread.start()
    }

    /// Queues the completion of a group whose COMMIT has returned.
    func enqueue(_ completion: @escaping Completion) {
        condition.lock()
        waiting.append(completion)
        condition.signal()
        condition.unlock()
    }

    /// Syncs and completes what is queued, then stops the thread.
    func stop() {
        condition.lock()
        let wasStopping = stopping
        stopping = true
        condition.signal()
        condition.unlock()
        if !wasStopping { finished.wait() }
    }

    private func loop() {
        while true {
            condition.lock()
            while waiting.isEmpty && !stopping { condition.wait() }
            let batch = waiting
            waiting.removeAll(keepingCapacity: true)
            let done = stopping && batch.isEmpty
            condition.unlock()
            if done { break }
            // Every group in `batch` had committed before this fsync started, so it covers them all.
            var failure: (any Error)?
            do { try sync() } catch { failure = error }
            for completion in batch { completion(failure) }
        }
        finished.signal()
    }
}

/// The WAL file of one database, opened once for fsync.
private final class WALFile: @unchecked Sendable {
    private let path: String
    private let directory: String
    /// Opened at the first sync (the first commit created the file); -1 until then.
    private var descriptor: Int32 = -1

    init(path: String, directory: String) {
        self.path = path
        self.directory = directory
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// fsyncs the WAL; the first time, also the directory, so that a WAL created with this store
    /// survives a power loss (SQLite syncs it at its own first WAL sync, which now comes later).
    func sync() throws {
        if descriptor < 0 {
            // Never closed until the store goes: closing a descriptor of a file drops the process's
            // POSIX locks on that file (SQLite locks the database and `-shm`, not the WAL, but no risk).
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw SyncFailure(path: path, errno: errno) }
            let folder = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folder >= 0 {
                defer { close(folder) }
                guard fsync(folder) == 0 else { throw SyncFailure(path: directory, errno: errno) }
            }
        }
        while fsync(descriptor) != 0 {
            guard errno == EINTR else { throw SyncFailure(path: path, errno: errno) }
        }
    }
}

/// An fsync that failed: the commit is in the file but may not survive a power loss.
struct SyncFailure: Error, CustomStringConvertible {
    var path: String
    var errno: Int32

    var description: String {
        "could not sync \(path) to disk (\(String(cString: strerror(errno)))); the write is not known to be durable, retry it"
    }
}
