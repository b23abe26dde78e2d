import EcoCore
import EcoStore
import ServiceLifecycle

/// Follows the event log from an offset for a live stream: returns committed events of `topics` in
/// order as they arrive (woken by commits, no polling), or an empty batch when `heartbeat` passed
/// without any, so the stream can send a keep-alive. Reads go through the process's
/// ``EventBroadcaster``, so many streams share one follower of the store.
public struct EventFollower: Sendable {
    let feed: EventBroadcaster
    let topics: Set<String>?
    let heartbeat: Duration
    /// Every event up to this offset has been returned or skipped.
    public private(set) var offset: Int64
    static let batch = 500

    public init(feed: EventBroadcaster, topics: Set<String>?, after offset: Int64, heartbeat: Duration) {
        self.feed = feed
        self.topics = topics
        self.offset = offset
        self.heartbeat = heartbeat
    }

    /// The next events after ``offset`` (waiting up to one heartbeat for them); [] on a quiet heartbeat.
    public mutating func next() async throws -> [DomainEvent] {
        while true {
            let (events, through) = try await feed.events(after: offset, topics: topics, limit: Self.batch)
            offset = max(offset, through)
            if !events.isEmpty { return events }
            guard try await feed.waitForEvents(after: offset, atMost: heartbeat) else { return [] }
        }
    }
}

extension EventLog {
    /// Waits for an event after `offset`: true when one is committed, false when `limit` (if any) passed
    /// first. Throws `CancellationError` when the server shuts down, so streams and consumers end and
    /// shutdown can finish.
    public func waitForEvents(after offset: Int64, atMost limit: Duration?) async throws -> Bool {
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { _ = try await self.waitForEvents(after: offset); return true }
                if let limit { group.addTask { try await Task.sleep(for: limit); return false } }
                defer { group.cancelAll() }
                return try await group.next() ?? false
            }
        }
    }
}
