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

/// The real SQLite alert store, whose next `openAlerts` read can be held for a while: a detection
/// batch caught between its read and its write, so another change can try to slip in.
private final class PausingAlertStore: AlertStore, @unchecked Sendable {
    private let store: SQLiteStore
    private let lock = NSLock()
    private var pauseNext = false
    private var pausedReadStarted: CheckedContinuation<Void, Never>?
    private var readStarted = false
    /// How long a held read waits: long enough for a racing change to finish, if it is let through.
    private let hold: Duration = .milliseconds(300)

    init() throws { store = try SQLiteStore.temporary(durability: .full) }

    func pauseNextOpenAlertsRead() { lock.withLock { pauseNext = true; readStarted = false } }

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
        let (pause, waiter): (Bool, CheckedContinuation<Void, Never>?) = lock.withLock {
            guard pauseNext else { return (false, nil) }
            pauseNext = false
            readStarted = true
            defer { pausedReadStarted = nil }
            return (true, pausedReadStarted)
        }
        let open = try await store.openAlerts(dedupKeys: dedupKeys)
        waiter?.resume()
        if pause { try await Task.sleep(for: hold) }
        return open
    }

    func record(alertChanges: [AlertChange], anomalies: [AnomalyRecord], anomalyEvents: [NewEvent]) async throws -> [DomainEvent] {
        try await store.record(alertChanges: alertChanges, anomalies: anomalies, anomalyEvents: anomalyEvents)
    }

    func alert(id: String) async throws -> AlertRecord? { try await store.alert(id: id) }
    func alerts(_ filter: AlertFilter) async throws -> [AlertRecord] { try await store.alerts(filter) }
    func alertHistory(id: String) async throws -> [AlertHistoryEntry] { try await store.alertHistory(id: id) }
    func anomalies(variable: String?, cellRanges: [ClosedRange<UInt64>]?, fromMs: Int64?, toMs: Int64?,
                   organizations: Set<String>?, limit: Int) async throws -> [AnomalyRecord] {
        try await store.anomalies(variable: variable, cellRanges: cellRanges, fromMs: fromMs, toMs: toMs, organizations: organizations, limit: limit)
    }

    func saveRule(_ rule: AlertRuleRecord) async throws { try await store.saveRule(rule) }
    func rule(id: String) async throws -> AlertRuleRecord? { try await store.rule(id: id) }
    func rules() async throws -> [AlertRuleRecord] { try await store.rules() }
    func deleteRule(id: String) async throws -> Bool { try await store.deleteRule(id: id) }
}
