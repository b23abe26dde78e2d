import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one-writer rule of a SQLite file, across processes: an exclusive advisory lock (`flock`) on
/// `<database>.lock`, held from open to close.
///
/// The store keeps the file's series, latest values and event offsets in memory, so a second process
/// writing the same file would go unseen by the first (and made it answer 500 on its next insert of
/// the same series, issue #21). The operating system releases the lock when the process exits or
/// crashes, so a stale lock file never blocks anyone. `flock` locks belong to an open file
/// description: a second opening in the same process is refused like another process.
/// The holder writes `pid N (command)` into the file so that the refused process can name it.
final class WriterLock: Sendable {
    /// The lock file: the database path with `.lock` appended.
    let path: String
    private let descriptor: Mutex<Int32>

    /// Takes the lock, or throws ``SQLiteStoreInUse`` naming the process that holds it.
    init(database: String) throws {
        path = database + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SQLiteError(code: errno, message: "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.holder(fd)
            close(fd)
            throw SQLiteStoreInUse(path: database, holder: holder)
        }
        let text = Array("pid \(getpid()) (\(Self.command))\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        descriptor = Mutex(fd)
    }

    deinit { release() }

    /// Gives the lock up; safe to call twice. The file stays, so that no process can lock a file
    /// another has just unlinked.
    func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            // Unlocked explicitly: closing unlocks only with the last descriptor of the open file description,
            // and a child another thread is spawning holds a copy of it until its exec (the likely cause of a
            // reopen refused right after close, once, in a parallel test run where other tests start processes).
            _ = flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    /// What the holder wrote into the lock file, without its newline; empty while it is writing.
    private static func holder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return "" }
        return String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The executable's name and its subcommand (`ecotrack serve`): never the other arguments, which
    /// may hold secrets.
    private static var command: String {
        let arguments = CommandLine.arguments
        let name = arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "unknown"
        guard arguments.count > 1, !arguments[1].hasPrefix("-") else { return name }
        return "\(name) \(arguments[1])"
    }
}

/// Another process writes the SQLite file: what was refused, who holds it, and what to do instead.
public struct SQLiteStoreInUse: Error, CustomStringConvertible, Sendable, Equatable {
    /// The database file.
    public var path: String
    /// `pid 1234 (ecotrack serve)`, as the holder wrote it into the lock file; empty when unknown.
    public var holder: String

    public var description: String {
        "The SQLite file \(path) is in use by another process (\(holder.isEmpty ? "its pid is not known yet" : holder)); only one process may open it, "
            + "or each would miss what the other writes. Send the work to that process instead: `--server http://HOST:PORT` "
            + "(ecotrack ingest and train accept it) or its HTTP API; or stop it first. Commands that only read (query, variables list, models list) "
            + "work beside it. (The lock is \(path).lock; the system releases it when that process ends.)"
    }
}
