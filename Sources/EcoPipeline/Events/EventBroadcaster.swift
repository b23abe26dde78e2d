import EcoCore
import EcoStore
import Logging
import ServiceLifecycle
import Synchronization

/// One follower of the event log per process, fanning new events out to every live stream (WebSocket
/// and SSE clients): with N clients connected, a commit costs one store read instead of N.
///
/// It holds the newest `capacity` events in memory. A client whose position is older than what is
/// held (a reconnect after a long absence) reads the store until it has caught up, then reads memory.
/// Before ``run()`` starts (or after it ends) every read goes to the store.
public final class EventBroadcaster: Service, Sendable {
    public static let defaultCapacity = 8_192

    private struct Waiter {
        var after: Int64
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        /// Held events, oldest first.
        var events: [DomainEvent] = []
        /// Every event with an offset in (floor, followed] is held; nothing at or below floor is.
        var floor: Int64 = .max
        var followed: Int64 = 0
        var running = false
        var waiters: [Int: Waiter] = [:]
        var nextWaiter = 0
    }

    private let log: any EventLog
    private let capacity: Int
    private let logger: Logger
    private let state = Mutex(State())

    public init(log: any EventLog, capacity: Int = defaultCapacity, logger: Logger = Logger(label: "ecotrack.events")) {
        self.log = log
        self.capacity = capacity
        self.logger = logger
    }

    public func run() async throws {
        var offset: Int64
        do { offset = try await log.latestEventOffset() } catch { return }
        state.withLock { state in
            state.floor = offset
            state.followed = offset
            state.running = true
        }
        defer { stop() }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let batch = try await log.events(after: offset, topics: nil, limit: 1_000)
                guard let last = batch.last else {
                    _ = try await log.waitForEvents(after: offset, atMost: .seconds(5))
                    continue
                }
                offset = last.offset
                hold(batch, through: offset)
            } catch is CancellationError {
                break
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                logger.error("event broadcaster cannot read the log; retrying", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
    }

    /// Events of `topics` after `offset`, at most `limit`, oldest first, and the offset through which
    /// every event has been seen (pass it back as the next `offset`).
    public func events(after offset: Int64, topics: Set<String>?, limit: Int) async throws -> (events: [DomainEvent], through: Int64) {
        if let held = heldEvents(after: offset, topics: topics, limit: limit) { return held }
        let latest = try await log.latestEventOffset()
        let events = try await log.events(after: offset, topics: topics, limit: limit)
        let through = events.count < limit ? max(events.last?.offset ?? offset, latest) : events.last!.offset
        return (events, max(offset, through))
    }

    /// Waits until an event after `offset` has been committed: true, or false once `limit` passed first.
    /// Throws `CancellationError` on graceful shutdown, so streams end and shutdown can finish.
    public func waitForEvents(after offset: Int64, atMost limit: Duration) async throws -> Bool {
        guard state.withLock({ $0.running }) else { return try await log.waitForEvents(after: offset, atMost: limit) }
        return try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { await self.wait(after: offset); return true }
                group.addTask { try await Task.sleep(for: limit); return false }
                defer { group.cancelAll() }
                return try await group.next() ?? false
            }
        }
    }

    private func heldEvents(after offset: Int64, topics: Set<String>?, limit: Int) -> (events: [DomainEvent], through: Int64)? {
        state.withLock { state in
            guard state.running, offset >= state.floor else { return nil }
            var low = 0, high = state.events.count
            while low < high {
                let mid = (low + high) / 2
                if state.events[mid].offset <= offset { low = mid + 1 } else { high = mid }
            }
            var result: [DomainEvent] = []
            var index = low
            while index < state.events.count && result.count < limit {
                let event = state.events[index]
                if topics.map({ $0.contains(event.topic) }) ?? true { result.append(event) }
                index += 1
            }
            let through = index < state.events.count ? state.events[index - 1].offset : state.followed
            return (result, max(offset, through))
        }
    }

    private func hold(_ batch: [DomainEvent], through offset: Int64) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.events += batch
            state.followed = offset
            if state.events.count > capacity {
                let drop = state.events.count - capacity
                state.floor = state.events[drop - 1].offset
                state.events.removeFirst(drop)
            }
            let ready = state.waiters.filter { $0.value.after < offset }
            for id in ready.keys { state.waiters[id] = nil }
            return ready.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    private func stop() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running = false
            state.events = []
            state.floor = .max
            defer { state.waiters = [:] }
            return state.waiters.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns once an event after `offset` is held, the broadcaster stops, or the task is cancelled.
    private func wait(after offset: Int64) async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.followed > offset || !state.running || Task.isCancelled { return true }
                    state.waiters[id] = Waiter(after: offset, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLock { $0.waiters.removeValue(forKey: id)?.continuation }
            continuation?.resume()
        }
    }
}
