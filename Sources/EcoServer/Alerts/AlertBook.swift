import EcoAnalytics
import EcoCore
import EcoStore
import Foundation

/// What detection has to say about one condition on one series (or place): the input of ``AlertBook``.
struct AlertSignal: Sendable {
    /// One open alert per key: `rule:<rule id>:<series id>`, `detector:<group>:<series id>` …
    var dedupKey: String
    /// `anomaly`, `threshold`, `sensor` or `hotspot`.
    var alertType: String
    var domain: String
    var severity: Severity
    var title: String
    var description: String
    var cell: UInt64?
    var lat: Double?
    var lng: Double?
    /// Time of the data that raised it, ms.
    var timeMs: Int64
    var metadata: [String: JSONValue]
    var organization: String
}

/// The one place alerts change: opens, escalates, resolves, flags flapping and acknowledges them,
/// writing each change with its history entry and its `ecotrack.alert.*` event.
///
/// Every change is a read of the stored alert, then a write. An actor alone would let a second call
/// run while the first awaits the store (actor reentrancy), so an acknowledgement could be
/// overwritten by a detection batch that read the alert before it, or two batches could both open an
/// alert for one key. The changes therefore take turns, in arrival order (``takingTurns(_:)``).
actor AlertBook {
    private let store: any AlertStore
    private let clock: @Sendable () -> Int64
    /// Whether a change is between its read and its write.
    private var busy = false
    /// Changes waiting for their turn, oldest first.
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(store: any AlertStore, clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.store = store
        self.clock = clock
    }

    /// Runs `change` once every change that arrived before it has finished, and before any that arrives after it.
    private func takingTurns<T: Sendable>(_ change: () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await change()
    }

    /// Applies `actions` in order, together with `anomalies` (and their events), in one transaction:
    /// one read of the open alerts concerned, one commit. Returns the alerts that changed.
    ///
    /// A raise opens an alert in the given status (pending or firing), or updates the open one with its
    /// key: severity only goes up and a pending alert becomes firing. A resolve or flapping change of a
    /// key with no open alert changes nothing.
    @discardableResult
    func apply(_ actions: [AlertAction], anomalies: [AnomalyRecord] = [], anomalyEvents: [NewEvent] = []) async throws -> [AlertRecord] {
        try await takingTurns { try await applyNow(actions, anomalies: anomalies, anomalyEvents: anomalyEvents) }
    }

    private func applyNow(_ actions: [AlertAction], anomalies: [AnomalyRecord], anomalyEvents: [NewEvent]) async throws -> [AlertRecord] {
        var open = try await store.openAlerts(dedupKeys: Set(actions.map(\.dedupKey)))
        let now = clock()
        var changes: [AlertChange] = []
        for action in actions {
            guard let (alert, topic, note) = Self.change(action, of: open[action.dedupKey], now: now) else { continue }
            open[action.dedupKey] = alert.status == .resolved ? nil : alert
            changes.append(Self.change(alert, topic: topic, note: note))
        }
        _ = try await store.record(alertChanges: changes, anomalies: anomalies, anomalyEvents: anomalyEvents)
        return changes.map(\.alert)
    }

    /// What `action` makes of the alert currently open under its key (nil: nothing changes).
    private static func change(_ action: AlertAction, of current: AlertRecord?, now: Int64) -> (AlertRecord, topic: String, note: String)? {
        switch action {
        case let .raise(signal, status):
            guard var alert = current else {
                let alert = AlertRecord(
                    id: UUID().uuidString.lowercased(), alertType: signal.alertType, domain: signal.domain,
                    severity: signal.severity.rawValue, title: signal.title, description: signal.description,
                    h3Index: signal.cell.map(Spatial.hex), geometryJSON: point(signal), validFromMs: signal.timeMs,
                    validUntilMs: nil, metadataJSON: JSONValue.object(signal.metadata).text, status: status,
                    dedupKey: signal.dedupKey, organization: signal.organization, createdAtMs: now, updatedAtMs: now)
                return (alert, EventTopic.alertCreated, signal.description)
            }
            let escalates = (Severity(rawValue: alert.severity) ?? .info) < signal.severity
            let starts = status == .firing && alert.status == .pending
            guard escalates || starts else { return nil }
            if escalates {
                alert.severity = signal.severity.rawValue
                alert.title = signal.title
                alert.description = signal.description
                alert.metadataJSON = JSONValue.object(signal.metadata).text
            }
            if starts { alert.status = .firing }
            alert.updatedAtMs = now
            return (alert, EventTopic.alertUpdated, escalates ? "escalated to \(signal.severity.rawValue)" : "firing")
        case let .resolve(_, timeMs, note):
            guard var alert = current else { return nil }
            alert.status = .resolved
            alert.validUntilMs = timeMs
            alert.isFlapping = false
            alert.updatedAtMs = now
            return (alert, EventTopic.alertUpdated, note)
        case let .flapping(_, flapping):
            guard var alert = current, alert.isFlapping != flapping else { return nil }
            alert.isFlapping = flapping
            alert.updatedAtMs = now
            return (alert, EventTopic.alertUpdated, flapping ? "flapping started" : "flapping stopped")
        }
    }

    /// Acknowledges an open alert on behalf of `actor`; acknowledging twice changes nothing.
    /// - Throws: 404 for an unknown id, 409 for a resolved alert.
    func acknowledge(id: String, actor: String, note: String?) async throws -> AlertRecord {
        try await takingTurns { try await acknowledgeNow(id: id, actor: actor, note: note) }
    }

    private func acknowledgeNow(id: String, actor: String, note: String?) async throws -> AlertRecord {
        guard var alert = try await store.alert(id: id) else {
            throw Problem.notFound("No alert has the id '\(id)'; GET /api/v1/alerts lists them.")
        }
        switch alert.status {
        case .acknowledged: return alert
        case .resolved: throw Problem(.conflict, detail: "Alert \(id) is already resolved; only open alerts can be acknowledged.")
        case .pending, .firing: break
        }
        let now = clock()
        alert.status = .acknowledged
        alert.acknowledgedBy = actor
        alert.acknowledgedAtMs = now
        alert.updatedAtMs = now
        _ = try await store.record(alertChanges: [Self.change(alert, topic: EventTopic.alertUpdated, actor: actor, note: note ?? "acknowledged")],
                                   anomalies: [], anomalyEvents: [])
        return alert
    }

    /// The history entry and event of `alert` as it now is.
    private static func change(_ alert: AlertRecord, topic: String, actor: String = "system", note: String?) -> AlertChange {
        let entry = AlertHistoryEntry(alertID: alert.id, status: alert.status, severity: alert.severity, atMs: alert.updatedAtMs,
                                      actor: actor, note: note)
        let key = alert.h3Index.flatMap(Spatial.cell(hex:)).map { Spatial.hex(Spatial.parent(of: $0, resolution: 3)) }
        let event = NewEvent(topic: topic, key: key, timeMs: alert.updatedAtMs, payloadJSON: AlertView(alert).json)
        return AlertChange(alert: alert, entry: entry, event: event)
    }

    private static func point(_ signal: AlertSignal) -> String? {
        guard let lat = signal.lat, let lng = signal.lng else { return nil }
        return JSONValue.object(["type": .string("Point"), "coordinates": .array([.number(lng), .number(lat)])]).text
    }
}
