import EcoAnalytics
import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoStore
import Foundation
import Testing

/// Changes to one alert that arrive together: each must see the one before it, never a stale read.
@Suite struct AlertBookTests {
    static func raise(_ key: String, _ severity: Severity) -> AlertAction {
        .raise(AlertSignal(dedupKey: key, alertType: "threshold", domain: "air", severity: severity, title: "pm25 high",
                           description: "pm25 above 35", cell: nil, lat: nil, lng: nil, timeMs: 1_000, metadata: [:], organization: ""),
               .firing)
    }

    @Test func anAcknowledgementDuringADetectionBatchIsNotOverwrittenByIt() async throws {
        let store = try PausingAlertStore()
        let book = AlertBook(store: store)
        let opened = try await book.apply([Self.raise("rule:r1:7", .warning)])
        let id = try #require(opened.first?.id)

        // The batch reads the firing alert and is held there; the acknowledgement arrives meanwhile.
        store.pauseNextOpenAlertsRead()
        let batch = Task { try await book.apply([Self.raise("rule:r1:7", .critical)]) }
        await store.untilPausedReadStarted()
        let acknowledged = try await book.acknowledge(id: id, actor: "alice", note: "on it")
        _ = try await batch.value

        let stored = try #require(try await store.alert(id: id))
        #expect(acknowledged.status == .acknowledged)
        #expect(stored.status == .acknowledged && stored.acknowledgedBy == "alice")
        #expect(stored.severity == "critical")
        let history = try await store.alertHistory(id: id).map(\.status)
        #expect(history == [.firing, .firing, .acknowledged])
    }

    @Test func twoBatchesRaisingTheSameNewKeyOpenOneAlert() async throws {
        let store = try PausingAlertStore()
        let book = AlertBook(store: store)

        store.pauseNextOpenAlertsRead()
        let first = Task { try await book.apply([Self.raise("rule:r1:9", .warning)]) }
        await store.untilPausedReadStarted()
        let second = try await book.apply([Self.raise("rule:r1:9", .warning)])
        let created = try await first.value

        #expect(created.count == 1 && second.isEmpty)
        let open = try await store.alerts(AlertFilter(statuses: [.firing], limit: 10))
        #expect(open.map(\.id) == created.map(\.id))
    }
}

/// Two alert books on one store, as two processes sharing a database: no in-process turn-taking
/// protects them, only the alert versions.
@Suite struct AlertBooksInTwoProcessesTests {
    @Test func detectionInAnotherProcessDoesNotOverwriteAnAcknowledgement() async throws {
        let detectorStore = try PausingAlertStore()
        let detection = AlertBook(store: detectorStore)
        let api = AlertBook(store: detectorStore.store)
        let opened = try await detection.apply([AlertBookTests.raise("rule:r1:7", .warning)])
        let id = try #require(opened.first?.id)

        // Detection reads version 1 and is held there; the other process acknowledges (version 2).
        detectorStore.pauseNextRead()
        let batch = Task { try await detection.apply([AlertBookTests.raise("rule:r1:7", .critical)]) }
        await detectorStore.untilPausedReadStarted()
        let acknowledged = try await api.acknowledge(id: id, actor: "alice", note: "on it")
        detectorStore.releaseHeldRead()
        let escalated = try await batch.value

        // Detection lost the race, read again and escalated the acknowledged alert.
        let stored = try #require(try await detectorStore.alert(id: id))
        #expect(acknowledged.version == 2 && escalated.first?.version == 3)
        #expect(stored.status == .acknowledged && stored.acknowledgedBy == "alice" && stored.severity == "critical" && stored.version == 3)
        #expect(try await detectorStore.alertHistory(id: id).map(\.actor) == ["system", "alice", "system"])
    }

    @Test func theLosingAcknowledgementIsRefusedWithTheCurrentAlert() async throws {
        let slowStore = try PausingAlertStore()
        let slow = AlertBook(store: slowStore)
        let fast = AlertBook(store: slowStore.store)
        let id = try #require(try await fast.apply([AlertBookTests.raise("rule:r2:1", .warning)]).first?.id)

        slowStore.pauseNextRead()
        let bob = Task { try await slow.acknowledge(id: id, actor: "bob", note: nil) }
        await slowStore.untilPausedReadStarted()
        _ = try await fast.acknowledge(id: id, actor: "carol", note: nil)
        slowStore.releaseHeldRead()
        let conflict = await #expect(throws: AlertVersionConflict.self) { try await bob.value }

        #expect(conflict?.current.acknowledgedBy == "carol" && conflict?.current.version == 2)
        let stored = try #require(try await slowStore.alert(id: id))
        #expect(stored.acknowledgedBy == "carol" && stored.version == 2)
        #expect(try await slowStore.alertHistory(id: id).map(\.actor) == ["system", "carol"])
    }

    @Test func anAcknowledgementOfAVersionNoLongerCurrentIsRefused() async throws {
        let book = AlertBook(store: try SQLiteStore.temporary())
        let id = try #require(try await book.apply([AlertBookTests.raise("rule:r3:1", .warning)]).first?.id)
        _ = try await book.apply([AlertBookTests.raise("rule:r3:1", .critical)])
        let conflict = await #expect(throws: AlertVersionConflict.self) { try await book.acknowledge(id: id, actor: "dan", note: nil, expectedVersion: 1) }
        #expect(conflict?.current.version == 2 && conflict?.current.status == .firing)
        #expect(try await book.acknowledge(id: id, actor: "dan", note: nil, expectedVersion: 2).status == .acknowledged)
    }
}

/// The real SQLite alert store, whose next read (`openAlerts` or `alert(id:)`) can be held for a while: a
/// change caught between its read and its write, so another change can try to slip in.
private final class PausingAlertStore: AlertStore, @unchecked Sendable {
    let store: SQLiteStore
    private let lock = NSLock()
    private var pauseNext = false
    private var pausedReadStarted: CheckedContinuation<Void, Never>?
    private var readStarted = false
    /// How long a held read waits: long enough for a racing change to finish, if it is let through.
    private let hold: Duration = .milliseconds(300)

    init(_ store: SQLiteStore? = nil) throws { self.store = try store ?? SQLiteStore.temporary(durability: .full) }

    /// Held reads waiting for ``releaseHeldRead()`` instead of a fixed time.
    private var gate: CheckedContinuation<Void, Never>?
    private var holdsUntilReleased = false

    func pauseNextOpenAlertsRead() { lock.withLock { pauseNext = true; readStarted = false } }

    /// Holds the next read, whichever it is, until ``releaseHeldRead()``: for races between two books,
    /// where nothing in-process orders them, so a timed hold would leave the outcome to the machine's load.
    func pauseNextRead() { lock.withLock { pauseNext = true; readStarted = false; holdsUntilReleased = true } }

    /// Lets the held read go on.
    func releaseHeldRead() {
        let waiting = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            holdsUntilReleased = false
            defer { gate = nil }
            return gate
        }
        waiting?.resume()
    }

    /// Returns once the held read has begun.
    func untilPausedReadStarted() async {
        await withCheckedContinuation { continuation in
            let now = lock.withLock {
                if readStarted { return true }
                pausedReadStarted = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    func openAlerts(dedupKeys: Set<String>) async throws -> [String: AlertRecord] {
        try await held { try await store.openAlerts(dedupKeys: dedupKeys) }
    }

    /// Runs `read`, and when a pause was asked for, holds its answer for `hold`.
    private func held<T>(_ read: () async throws -> T) async throws -> T {
        let (pause, waiter): (Bool, CheckedContinuation<Void, Never>?) = lock.withLock {
            guard pauseNext else { return (false, nil) }
            pauseNext = false
            readStarted = true
            defer { pausedReadStarted = nil }
            return (true, pausedReadStarted)
        }
        let value = try await read()
        waiter?.resume()
        guard pause else { return value }
        if lock.withLock({ holdsUntilReleased }) {
            await withCheckedContinuation { continuation in
                let released = lock.withLock { () -> Bool in
                    guard holdsUntilReleased else { return true }
                    gate = continuation
                    return false
                }
                if released { continuation.resume() }
            }
        } else {
            try await Task.sleep(for: hold)
        }
        return value
    }

    func record(alertChanges: [AlertChange], anomalies: [AnomalyRecord], anomalyEvents: [NewEvent]) async throws -> [DomainEvent] {
        try await store.record(alertChanges: alertChanges, anomalies: anomalies, anomalyEvents: anomalyEvents)
    }

    func alert(id: String) async throws -> AlertRecord? { try await held { try await store.alert(id: id) } }
    func alerts(_ filter: AlertFilter) async throws -> [AlertRecord] { try await store.alerts(filter) }
    func alertHistory(id: String) async throws -> [AlertHistoryEntry] { try await store.alertHistory(id: id) }
    func anomalies(variable: String?, cellRanges: [ClosedRange<UInt64>]?, fromMs: Int64?, toMs: Int64?,
                   organizations: Set<String>?, limit: Int) async throws -> [AnomalyRecord] {
        try await store.anomalies(variable: variable, cellRanges: cellRanges, fromMs: fromMs, toMs: toMs, organizations: organizations, limit: limit)
    }
}
