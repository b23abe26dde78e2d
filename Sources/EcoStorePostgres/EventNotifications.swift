import Logging
import PostgresNIO
import Synchronization

/// Follows the store's NOTIFY channel on a connection of its own (a pooled one would be handed back),
/// so a commit in another process wakes this one's `waitForEvents` callers. When the connection drops
/// (a PostgreSQL restart) it reconnects with backoff; after every (re)connection it reads the newest
/// offset, since notifications sent while it was away are lost.
struct EventNotifications: Sendable {
    let configuration: PostgresConnection.Configuration
    let channel: String
    let committed: CommittedOffset
    let latestOffset: @Sendable () async throws -> Int64
    /// Told when a training job was queued in any process (payload ``TrainingJobSignals/payload``), and after every
    /// (re)connection, since a job queued while this process was not listening was not announced to it.
    let trainingJobs: TrainingJobSignals
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
                    trainingJobs.signal()
                    backoff = .milliseconds(50)
                    for try await notification in notifications {
                        if let offset = Int64(notification.payload) {
                            committed.advance(to: offset)
                        } else if notification.payload == TrainingJobSignals.payload {
                            trainingJobs.signal()
                        }
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

/// Fans "a training job may be queued" out to every listener of this process
/// (``PostgresStore/queuedTrainingJobSignals()``); each listener keeps at most one unconsumed signal.
final class TrainingJobSignals: Sendable {
    /// The NOTIFY payload, on the store's event channel, of a job queued or retried in any process (event offsets
    /// are numbers, so the two never mix up).
    static let payload = "training-job"

    private struct Listeners {
        var next = 0
        var streams: [Int: AsyncStream<Void>.Continuation] = [:]
        var finished = false
    }

    private let listeners = Mutex(Listeners())

    /// Signals until the listener stops iterating or ``finish()`` is called.
    func subscribe() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = listeners.withLock { state -> Int? in
            guard !state.finished else { return nil }
            state.next += 1
            state.streams[state.next] = continuation
            return state.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in self?.listeners.withLock { _ = $0.streams.removeValue(forKey: id) } }
        return stream
    }

    /// Signals every listener.
    func signal() {
        for continuation in listeners.withLock({ Array($0.streams.values) }) { continuation.yield() }
    }

    /// Ends every stream, now and for later listeners (the store closed).
    func finish() {
        let all = listeners.withLock { state in
            state.finished = true
            defer { state.streams = [:] }
            return Array(state.streams.values)
        }
        for continuation in all { continuation.finish() }
    }
}
