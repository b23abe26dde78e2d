import EcoCore

/// How long events are kept: events appended more than `maxAgeMs` ago (by the store's clock at append,
/// not the event's own `timeMs`, which may lie in the past) or beyond the newest `maxEvents` are
/// deleted. Pruning only ever removes the oldest offsets, so the log stays a contiguous suffix.
public struct EventRetention: Sendable, Equatable {
    public var maxAgeMs: Int64?
    public var maxEvents: Int?

    public init(maxAgeMs: Int64? = 7 * 86_400_000, maxEvents: Int? = 10_000_000) {
        self.maxAgeMs = maxAgeMs
        self.maxEvents = maxEvents
    }
}

/// The append-only log of domain events, with named consumers (the storage port behind event
/// replay, live streams, detection and webhooks).
public protocol EventLog: Sendable {
    /// Appends events in one transaction and returns them with their offsets once committed.
    func appendEvents(_ events: [NewEvent]) async throws -> [DomainEvent]
    /// Events with an offset greater than `offset`, oldest first; only `topics` when given.
    func events(after offset: Int64, topics: Set<String>?, limit: Int) async throws -> [DomainEvent]
    /// The offset of the newest event (0 when the log is empty).
    func latestEventOffset() async throws -> Int64
    /// The offset a consumer has processed up to; nil for a consumer never seen.
    func consumerOffset(_ consumer: String) async throws -> Int64?
    /// Records that `consumer` has processed every event up to `offset`.
    func commitConsumerOffset(_ consumer: String, offset: Int64) async throws
    /// Every consumer with its committed offset, by name.
    func consumerOffsets() async throws -> [String: Int64]
    /// Claims `consumer` for `holder` until `nowMs + ttlMs`, or extends the claim `holder` already has.
    /// False while another holder's claim is unexpired: one process at a time runs a named consumer
    /// (detection, a webhook), and a process that dies loses its claim when the lease expires.
    func acquireConsumerLease(_ consumer: String, holder: String, ttlMs: Int64, nowMs: Int64) async throws -> Bool
    /// Gives the claim up at once, if `holder` has it.
    func releaseConsumerLease(_ consumer: String, holder: String) async throws
    /// The claims unexpired at `nowMs` (expiring after it) on consumers whose name starts with `prefix`,
    /// holder by consumer name: which processes are alive, and which runs what (detection's partitions).
    func consumerLeases(prefix: String, nowMs: Int64) async throws -> [String: String]
    /// Deletes events the retention policy no longer keeps; returns how many. Consumer offsets are not
    /// consulted: a consumer further behind than the retention resumes at the oldest kept event.
    func pruneEvents(_ retention: EventRetention, nowMs: Int64) async throws -> Int
    /// Returns as soon as an event with an offset greater than `offset` is committed (at once when one
    /// already is), with the newest offset. No polling: commits wake the waiters. Throws on cancellation.
    func waitForEvents(after offset: Int64) async throws -> Int64
}
