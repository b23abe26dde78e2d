import EcoAnalytics
import EcoCore
import EcoStore
import Foundation

/// What detection has to say about one condition on one series (or place): the input of ``AlertBook``.
public struct AlertSignal: Sendable {
    /// One open alert per key: `rule:<rule id>:<series id>`, `detector:<group>:<series id>` …
    public var dedupKey: String
    /// `anomaly`, `threshold`, `sensor` or `hotspot`.
    public var alertType: String
    public var domain: String
    public var severity: Severity
    public var title: String
    public var description: String
    public var cell: UInt64?
    public var lat: Double?
    public var lng: Double?
    /// Time of the data that raised it, ms.
    public var timeMs: Int64
    public var metadata: [String: JSONValue]
    public var organization: String

    public init(dedupKey: String, alertType: String, domain: String, severity: Severity, title: String, description: String,
                cell: UInt64?, lat: Double?, lng: Double?, timeMs: Int64, metadata: [String: JSONValue], organization: String) {
        self.dedupKey = dedupKey
        self.alertType = alertType
        self.domain = domain
        self.severity = severity
        self.title = title
        self.description = description
        self.cell = cell
        self.lat = lat
        self.lng = lng
        self.timeMs = timeMs
        self.metadata = metadata
        self.organization = organization
    }
}

/// The one place alerts change: opens, escalates, resolves, flags flapping and acknowledges them,
/// writing each change with its history entry and its `ecotrack.alert.*` event.
///
/// Every change is a read of the stored alert, then a write of the next version: the store refuses a
/// write made from a version that is no longer current (``AlertVersionConflict``), so a book in
/// another process (or a second book on the same store) never overwrites a change it did not see.
/// Detection retries its batch on a fresh read; an acknowledgement that loses the race is refused
/// with the current alert (409 over HTTP). Within one process the changes also take turns in arrival
/// order (``takingTurns(_:)``): an actor alone would let calls interleave across their store awaits,
/// and each interleaving would cost a retry.
public actor AlertBook {
    private let store: any AlertStore
    private let clock: WallClock
    private let metrics: EcoMetrics?
    /// Whether a change is between its read and its write.
    private var busy = false
    /// Changes waiting for their turn, oldest first.
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// Fresh reads a detection batch may take after losing races before it gives up.
    static let maxAttempts = 8

    /// - Parameter metrics: where opened and resolved alerts are counted (nil: not counted).
    public init(store: any AlertStore, clock: WallClock = .system, metrics: EcoMetrics? = nil) {
        self.store = store
        self.clock = clock
        self.metrics = metrics
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
    public func apply(_ actions: [AlertAction], anomalies: [AnomalyRecord] = [], anomalyEvents: [NewEvent] = []) async throws -> [AlertRecord] {
        try await takingTurns {
            var attempt = 1
            while true {
                do {
                    return try await applyNow(actions, anomalies: anomalies, anomalyEvents: anomalyEvents)
                } catch let error where attempt < Self.maxAttempts && Self.lostRace(error) {
                    // Another writer changed or opened one of these alerts since the read: read again.
                    attempt += 1
                }
            }
        }
    }

    /// A version conflict, or an open alert another writer opened under the same key meanwhile.
    private static func lostRace(_ error: any Error) -> Bool {
        if error is AlertVersionConflict { return true }
        if case .conflict = error as? EcoError { return true }
        return false
    }

    private func applyNow(_ actions: [AlertAction], anomalies: [AnomalyRecord], anomalyEvents: [NewEvent]) async throws -> [AlertRecord] {
        var open = try await store.openAlerts(dedupKeys: Set(actions.map(\.dedupKey)))
        let now = clock.nowMs()
        var changes: [AlertChange] = []
        for action in actions {
            guard let (alert, topic, note) = Self.change(action, of: open[action.dedupKey], now: now) else { continue }
            open[action.dedupKey] = alert.status == .resolved ? nil : alert
            changes.append(Self.change(alert, topic: topic, note: note))
        }
        _ = try await store.record(alertChanges: changes, anomalies: anomalies, anomalyEvents: anomalyEvents)
        for change in changes {
            let alert = change.alert
            metrics?.alertChanged(domain: alert.domain, severity: alert.severity, opened: change.event.topic == EventTopic.alertCreated,
                                  resolved: alert.status == .resolved)
        }
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
            alert.version += 1
            return (alert, EventTopic.alertUpdated, escalates ? "escalated to \(signal.severity.rawValue)" : "firing")
        case let .resolve(_, timeMs, note):
            guard var alert = current else { return nil }
            alert.status = .resolved
            alert.validUntilMs = timeMs
            alert.isFlapping = false
            alert.updatedAtMs = now
            alert.version += 1
            return (alert, EventTopic.alertUpdated, note)
        case let .flapping(_, flapping):
            guard var alert = current, alert.isFlapping != flapping else { return nil }
            alert.isFlapping = flapping
            alert.updatedAtMs = now
            alert.version += 1
            return (alert, EventTopic.alertUpdated, flapping ? "flapping started" : "flapping stopped")
        }
    }

    /// The open alerts with these keys (a read: it waits for no change).
    nonisolated func openAlerts(dedupKeys: Set<String>) async throws -> [String: AlertRecord] {
        try await store.openAlerts(dedupKeys: dedupKeys)
    }

    /// Acknowledges an open alert on behalf of `actor`; acknowledging twice changes nothing. With
    /// `expectedVersion`, only the alert at that version is acknowledged (the one the caller saw).
    /// - Throws: `EcoError.notFound` for an unknown id, `EcoError.conflict` for a resolved alert, and
    ///   ``AlertVersionConflict`` when the alert is not at `expectedVersion` or another writer changed it
    ///   between this read and this write.
    public func acknowledge(id: String, actor: String, note: String?, expectedVersion: Int? = nil) async throws -> AlertRecord {
        try await takingTurns { try await acknowledgeNow(id: id, actor: actor, note: note, expectedVersion: expectedVersion) }
    }

    private func acknowledgeNow(id: String, actor: String, note: String?, expectedVersion: Int?) async throws -> AlertRecord {
        guard var alert = try await store.alert(id: id) else {
            throw EcoError.notFound("No alert has the id '\(id)'; GET /api/v1/alerts lists them.")
        }
        if let expectedVersion, expectedVersion != alert.version { throw AlertVersionConflict(current: alert) }
        switch alert.status {
        case .acknowledged: return alert
        case .resolved: throw EcoError.conflict("Alert \(id) is already resolved; only open alerts can be acknowledged.")
        case .pending, .firing: break
        }
        let now = clock.nowMs()
        alert.status = .acknowledged
        alert.acknowledgedBy = actor
        alert.acknowledgedAtMs = now
        alert.updatedAtMs = now
        alert.version += 1
        _ = try await store.record(alertChanges: [Self.change(alert, topic: EventTopic.alertUpdated, actor: actor, note: note ?? "acknowledged")],
                                   anomalies: [], anomalyEvents: [])
        return alert
    }

    /// The history entry and event of `alert` as it now is.
    private static func change(_ alert: AlertRecord, topic: String, actor: String = "system", note: String?) -> AlertChange {
        let entry = AlertHistoryEntry(alertID: alert.id, status: alert.status, severity: alert.severity, atMs: alert.updatedAtMs,
                                      actor: actor, note: note)
        let key = alert.h3Index.flatMap(Spatial.cell(hex:)).map { Spatial.hex(Spatial.parent(of: $0, resolution: 3)) }
        let event = NewEvent(topic: topic, key: key, timeMs: alert.updatedAtMs, payloadJSON: alert.json)
        return AlertChange(alert: alert, entry: entry, event: event)
    }

    private static func point(_ signal: AlertSignal) -> String? {
        guard let lat = signal.lat, let lng = signal.lng else { return nil }
        return JSONValue.object(["type": .string("Point"), "coordinates": .array([.number(lng), .number(lat)])]).text
    }
}
