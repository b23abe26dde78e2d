import Foundation
import Synchronization

/// A fixed set of read-only connections; WAL lets them read while the writer writes.
/// Blocking SQLite calls run on GCD threads, never on Swift's cooperative pool.
final class ReaderPool: Sendable {
    private let free: Mutex<[SQLiteConnection]>
    private let available: DispatchSemaphore
    private let queue = DispatchQueue(label: "ecotrack-sqlite-readers", attributes: .concurrent)

    init(path: String, count: Int) throws {
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
                let connection = free.withLock { $0.removeLast() }
                let result = Result { try body(connection) }
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
