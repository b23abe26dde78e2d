import Foundation
import Synchronization

/// A fixed set of read-only connections; WAL lets them read while the writer writes.
/// Blocking SQLite calls run on GCD threads, never on Swift's cooperative pool.
final class ReaderPool: Sendable {
    private let free: Mutex<[SQLiteConnection]>
    private let available: DispatchSemaphore
    private let queue = DispatchQueue(label: "ecotrack-sqlite-readers", attributes: .concurrent)
    private let watchdog: ReadWatchdog
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
        watchdog = ReadWatchdog(period: min(.milliseconds(100), timeout / 10))
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
                // The watchdog interrupts the statement if the read outlives the timeout.
                let ticket = watchdog.watch(connection, for: timeout)
                // One read transaction for the whole body: one snapshot for all its statements, and
                // the file locks taken once instead of once per statement.
                var result = Result { () throws -> T in
                    try connection.execute("BEGIN")
                    defer { try? connection.execute("COMMIT") }
                    return try body(connection)
                }
                watchdog.release(ticket)
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
        watchdog.stop()
        free.withLock { connections in
            for connection in connections { connection.close() }
            connections.removeAll()
        }
    }
}

/// Interrupts reads that outlive their deadline. One thread checks every `period` instead of a timer
/// per read: arming and disarming is a dictionary write under a lock.
final class ReadWatchdog: Sendable {
    private struct Watched {
        let connection: SQLiteConnection
        let deadline: ContinuousClock.Instant
    }

    private let watched = Mutex<(next: Int, reads: [Int: Watched], stopped: Bool)>((0, [:], false))

    init(period: Duration) {
        let thread = Thread { [weak self] in
            while let self, !self.isStopped {
                Thread.sleep(forTimeInterval: Double(period.components.seconds) + Double(period.components.attoseconds) / 1e18)
                self.interruptOverdue()
            }
        }
        thread.name = "ecotrack-sqlite-read-watchdog"
        thread.start()
    }

    /// Starts watching a read; pass the ticket to ``release(_:)`` when it ends.
    func watch(_ connection: SQLiteConnection, for timeout: Duration) -> Int {
        let entry = Watched(connection: connection, deadline: .now + timeout)
        return watched.withLock { state in
            state.next += 1
            state.reads[state.next] = entry
            return state.next
        }
    }

    func release(_ ticket: Int) {
        _ = watched.withLock { $0.reads.removeValue(forKey: ticket) }
    }

    func stop() { watched.withLock { $0.stopped = true } }

    private var isStopped: Bool { watched.withLock { $0.stopped } }

    private func interruptOverdue() {
        let now = ContinuousClock.now
        watched.withLock { state in
            for (ticket, read) in state.reads where read.deadline <= now {
                read.connection.interrupt()
                state.reads[ticket] = nil
            }
        }
    }
}
