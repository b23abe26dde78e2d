import EcoCore
import EcoStore
import Foundation
import Synchronization

/// A fixed set of read-only connections; WAL lets them read while the writer writes.
/// Blocking SQLite calls run on GCD threads, never on Swift's cooperative pool.
final class ReaderPool: Sendable {
    private let free: Mutex<[SQLiteConnection]>
    private let available: DispatchSemaphore
    private let queue = DispatchQueue(label: "ecotrack-sqlite-readers", attributes: .concurrent)
    private let watchdogs = DispatchQueue(label: "ecotrack-sqlite-read-timeouts")
    /// Longest a read may run before SQLite is told to stop it (the per-request query timeout).
    let timeout: Duration

    init(path: String, count: Int, timeout: Duration = .seconds(30)) throws {
        self.timeout = timeout
        var connections: [SQLiteConnection] = []
        for _ in 0..<count {
            let connection = try SQLiteConnection(path: path, readOnly: true)
            try connection.execute("PRAGMA query_only = ON; PRAGMA cache_size = -32000; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 1073741824")
            connections.append(connection)
        }
        free = Mutex(connections)
        available = DispatchSemaphore(value: count)
    }

    /// Runs `body` with a connection of its own.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                available.wait()
                // After `close()` the pool is empty: a late reader (a background service still
                // winding down) gets an error instead of a connection.
                guard let connection = free.withLock({ $0.popLast() }) else {
                    available.signal()
                    continuation.resume(throwing: StoreError.closed)
                    return
                }
                // A watchdog interrupts the statement if the read outlives the timeout.
                let watchdog = DispatchWorkItem { connection.interrupt() }
                watchdogs.asyncAfter(deadline: .now() + .nanoseconds(Int(timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)), execute: watchdog)
                // One read transaction for the whole body: one snapshot for all its statements, and
                // the file locks taken once instead of once per statement.
                var result = Result { () throws -> T in
                    try connection.execute("BEGIN")
                    defer { try? connection.execute("COMMIT") }
                    return try body(connection)
                }
                watchdog.cancel()
                if case let .failure(error as SQLiteError) = result, error.code == 9 {
                    result = .failure(StoreError.queryTimedOut(limit: timeout))
                }
                free.withLock { $0.append(connection) }
                available.signal()
                continuation.resume(with: result)
            }
        }
    }

    func close() {
        free.withLock { connections in
            for connection in connections { connection.close() }
            connections.removeAll()
        }
    }
}
