import Logging
import PostgresNIO

/// Follows the store's NOTIFY channel on a connection of its own (a pooled one would be handed back),
/// so a commit in another process wakes this one's `waitForEvents` callers. When the connection drops
/// (a PostgreSQL restart) it reconnects with backoff; after every (re)connection it reads the newest
/// offset, since notifications sent while it was away are lost.
struct EventNotifications: Sendable {
    let configuration: PostgresConnection.Configuration
    let channel: String
    let committed: CommittedOffset
    let latestOffset: @Sendable () async throws -> Int64
    let logger: Logger

    /// Listens until the task is cancelled.
    func run() async {
        var backoff = Duration.milliseconds(50)
        var connectionID = 0
        while !Task.isCancelled {
            do {
                connectionID += 1
                let connection = try await PostgresConnection.connect(configuration: configuration, id: connectionID, logger: logger)
                defer { Task { try? await connection.close() } }
                try await connection.listen(on: channel) { notifications in
                    // Listening now: anything committed before is in the table, anything after is notified.
                    committed.advance(to: try await latestOffset())
                    backoff = .milliseconds(50)
                    for try await notification in notifications {
                        if let offset = Int64(notification.payload) { committed.advance(to: offset) }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.debug("event notifications interrupted; reconnecting", metadata: ["error": "\(error)", "store.retry_ms": "\(backoff / .milliseconds(1))"])
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(2))
        }
    }
}
