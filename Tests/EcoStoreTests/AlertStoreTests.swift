import EcoCore
@testable import EcoStore
import Foundation
import H3
import Testing

@Suite struct AlertStoreTests {
    static func alert(_ id: String, dedup: String? = nil, status: AlertRecord.Status = .firing, domain: String = "climate",
                      severity: String = "warning", h3: String? = nil, from: Int64 = 0, until: Int64? = nil,
                      organization: String = "", updated: Int64 = 1) -> AlertRecord {
        AlertRecord(id: id, alertType: "threshold", domain: domain, severity: severity, title: "Alert \(id)", description: "d",
                    h3Index: h3, geometryJSON: nil, validFromMs: from, validUntilMs: until, metadataJSON: #"{"rule":"r1"}"#,
                    status: status, dedupKey: dedup ?? "key-\(id)", organization: organization, createdAtMs: 1, updatedAtMs: updated)
    }

    static func change(_ alert: AlertRecord, actor: String = "system", note: String? = nil) -> AlertHistoryEntry {
        AlertHistoryEntry(alertID: alert.id, status: alert.status, severity: alert.severity, atMs: alert.updatedAtMs, actor: actor, note: note)
    }

    static func event(_ alert: AlertRecord, _ topic: String = EventTopic.alertUpdated) -> NewEvent {
        NewEvent(topic: topic, key: alert.id, timeMs: alert.updatedAtMs, payloadJSON: #"{"id":"\#(alert.id)","status":"\#(alert.status.rawValue)"}"#)
    }

    static func save(_ store: SQLiteStore, _ alert: AlertRecord, actor: String = "system") async throws -> DomainEvent {
        try await store.saveAlert(alert, change: change(alert, actor: actor), event: event(alert))
    }

    static let paris15 = H3.latLngToCellIndex(latitude: 48.8566, longitude: 2.3522, resolution: 15)
    static let paris7 = String(H3.latLngToCellIndex(latitude: 48.8566, longitude: 2.3522, resolution: 7), radix: 16)
    static let newYork9 = String(H3.latLngToCellIndex(latitude: 40.7128, longitude: -74.0060, resolution: 9), radix: 16)
    static let parisRegion = H3.ranges(for: [H3Cell(unchecked: H3.parent(ofResolution15: paris15, at: 3))])

    @Test func anAlertItsHistoryAndItsEventAreSavedTogether() async throws {
        let store = try SQLiteStore.temporary(durability: .full)
        var alert = Self.alert("a1", h3: Self.paris7, from: 100, until: 900, updated: 10)
        alert.geometryJSON = #"{"type":"Point","coordinates":[2.35,48.85]}"#
        let created = try await store.saveAlert(alert, change: Self.change(alert), event: Self.event(alert, EventTopic.alertCreated))
        #expect(created.topic == EventTopic.alertCreated && created.key == "a1")
        #expect(try await store.alert(id: "a1") == alert)

        alert.status = .acknowledged
        alert.acknowledgedBy = "user-7"
        alert.acknowledgedAtMs = 20
        alert.updatedAtMs = 20
        let acknowledged = try await Self.save(store, alert, actor: "user-7")
        #expect(acknowledged.offset > created.offset)
        #expect(try await store.waitForEvents(after: created.offset) == acknowledged.offset)
        #expect(try await store.alert(id: "a1") == alert)
        #expect(try await store.alert(id: "missing") == nil)
        let history = try await store.alertHistory(id: "a1")
        #expect(history.map(\.status) == [.firing, .acknowledged])
        #expect(history.map(\.actor) == ["system", "user-7"])
        let events = try await store.events(after: 0, topics: [EventTopic.alertCreated, EventTopic.alertUpdated], limit: 10)
        #expect(events == [created, acknowledged])
        try await store.close()

        let reopened = try SQLiteStore(path: store.path)
        #expect(try await reopened.alert(id: "a1") == alert)
        #expect(try await reopened.alertHistory(id: "a1").count == 2)
        try await reopened.close()
    }

    @Test func onlyOneAlertPerDedupKeyIsOpenAndARefusalLeavesNothing() async throws {
        let store = try SQLiteStore.temporary()
        var first = Self.alert("first", dedup: "rule-1|series-9", status: .pending)
        _ = try await Self.save(store, first)
        first.status = .firing
        _ = try await Self.save(store, first)
        let before = try await store.latestEventOffset()

        let duplicate = Self.alert("second", dedup: "rule-1|series-9")
        await #expect(throws: EcoError.self) { _ = try await Self.save(store, duplicate) }
        #expect(try await store.alert(id: "second") == nil)
        #expect(try await store.alertHistory(id: "second").isEmpty)
        #expect(try await store.latestEventOffset() == before)
        #expect(try await store.openAlert(dedupKey: "rule-1|series-9")?.id == "first")

        // Once resolved, the key is free for a new alert; the resolved one stays for history.
        first.status = .resolved
        _ = try await Self.save(store, first)
        #expect(try await store.openAlert(dedupKey: "rule-1|series-9") == nil)
        _ = try await Self.save(store, duplicate)
        #expect(try await store.openAlert(dedupKey: "rule-1|series-9")?.id == "second")
        #expect(try await store.alert(id: "first")?.status == .resolved)
        #expect(try await store.openAlert(dedupKey: "unknown") == nil)
        try await store.close()
    }

    @Test func concurrentOpeningsOfOneKeyLeaveExactlyOneOpenAlert() async throws {
        let store = try SQLiteStore.temporary()
        let opened = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<8 {
                group.addTask { (try? await Self.save(store, Self.alert("race-\(i)", dedup: "shared"))) != nil }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(opened == 1)
        #expect(try await store.alerts(AlertFilter()).count == 1)
        #expect(try await store.events(after: 0, topics: nil, limit: 100).count == 1)
        try await store.close()
    }

    @Test func aHistoryEntryForAnotherAlertIsRefused() async throws {
        let store = try SQLiteStore.temporary()
        let alert = Self.alert("a")
        await #expect(throws: EcoError.self) {
            _ = try await store.saveAlert(alert, change: Self.change(Self.alert("b")), event: Self.event(alert))
        }
        #expect(try await store.alert(id: "a") == nil)
        try await store.close()
    }

    struct FilterCase: Sendable, CustomTestStringConvertible {
        var name: String
        var filter: AlertFilter
        var expected: [String]
        var testDescription: String { name }
    }

    /// Newest first: e (50), d (40), c (30), b (20), a (10).
    static let filterAlerts: [AlertRecord] = [
        alert("a", domain: "climate", severity: "info", h3: String(paris15, radix: 16), from: 0, until: 100, updated: 10),
        alert("b", status: .resolved, domain: "air_quality", severity: "critical", h3: paris7, from: 50, until: nil, updated: 20),
        alert("c", domain: "air_quality", severity: "warning", h3: newYork9, from: 200, until: 300, organization: "acme", updated: 30),
        alert("d", status: .acknowledged, domain: "ocean", severity: "critical", h3: nil, from: 400, until: nil, updated: 40),
        alert("e", status: .pending, domain: "climate", severity: "warning", h3: "not-a-cell", from: 0, until: 10, organization: "acme", updated: 50),
    ]

    static let filterCases: [FilterCase] = [
        FilterCase(name: "no filter", filter: AlertFilter(), expected: ["e", "d", "c", "b", "a"]),
        FilterCase(name: "domain", filter: AlertFilter(domains: ["air_quality"]), expected: ["c", "b"]),
        FilterCase(name: "severities", filter: AlertFilter(severities: ["critical", "info"]), expected: ["d", "b", "a"]),
        FilterCase(name: "open statuses", filter: AlertFilter(statuses: [.pending, .firing, .acknowledged]), expected: ["e", "d", "c", "a"]),
        FilterCase(name: "region", filter: AlertFilter(cellRanges: parisRegion), expected: ["b", "a"]),
        FilterCase(name: "empty region", filter: AlertFilter(cellRanges: []), expected: []),
        FilterCase(name: "valid in [60, 250)", filter: AlertFilter(fromMs: 60, toMs: 250), expected: ["c", "b", "a"]),
        FilterCase(name: "valid from 300 on", filter: AlertFilter(fromMs: 300), expected: ["d", "b"]),
        FilterCase(name: "valid before 5", filter: AlertFilter(toMs: 5), expected: ["e", "a"]),
        FilterCase(name: "organizations", filter: AlertFilter(organizations: ["", "other"]), expected: ["d", "b", "a"]),
        FilterCase(name: "combined", filter: AlertFilter(domains: ["climate", "air_quality"], statuses: [.firing, .pending], organizations: ["acme"]), expected: ["e", "c"]),
        FilterCase(name: "limit", filter: AlertFilter(limit: 2), expected: ["e", "d"]),
        FilterCase(name: "after", filter: AlertFilter(after: (updatedAtMs: 30, id: "c")), expected: ["b", "a"]),
    ]

    @Test(arguments: filterCases)
    func alertsAreFilteredNewestFirst(_ testCase: FilterCase) async throws {
        let store = try SQLiteStore.temporary()
        for alert in Self.filterAlerts { _ = try await Self.save(store, alert) }
        #expect(try await store.alerts(testCase.filter).map(\.id) == testCase.expected)
        try await store.close()
    }

    @Test func keysetPagingVisitsEveryAlertOnceEvenWithEqualTimes() async throws {
        let store = try SQLiteStore.temporary()
        let updated: [Int64] = [5, 7, 7, 7, 3, 9, 7, 1]
        for (i, time) in updated.enumerated() { _ = try await Self.save(store, Self.alert("x\(i)", updated: time)) }
        var seen: [AlertRecord] = []
        var filter = AlertFilter(limit: 3)
        while true {
            let page = try await store.alerts(filter)
            seen += page
            guard page.count == filter.limit, let last = page.last else { break }
            filter.after = (last.updatedAtMs, last.id)
        }
        #expect(seen.map(\.id) == ["x5", "x1", "x2", "x3", "x6", "x0", "x4", "x7"])
        try await store.close()
    }

    static func anomaly(series: Int64, t: Int64, variable: String = "pm25", cell: UInt64 = paris15, kind: String = "spike",
                        score: Double = 5, organization: String = "") -> AnomalyRecord {
        AnomalyRecord(seriesId: series, variable: variable, stationId: "st\(series)", h3Index: String(cell, radix: 16), timeMs: t,
                      value: 80, anomalyScore: score, baselineMean: 20, baselineStd: nil, kind: kind, severity: "warning",
                      organization: organization)
    }

    @Test func anomaliesAreStoredWithTheirEventsAndListedNewestFirst() async throws {
        let store = try SQLiteStore.temporary()
        let newYork15 = H3.latLngToCellIndex(latitude: 40.7128, longitude: -74.0060, resolution: 15)
        let anomalies = [
            Self.anomaly(series: 1, t: 100), Self.anomaly(series: 1, t: 300, kind: "stuck"),
            Self.anomaly(series: 2, t: 200, variable: "temperature_2m", cell: newYork15, organization: "acme"),
        ]
        let events = anomalies.map { NewEvent(topic: EventTopic.anomalyDetected, key: "k", timeMs: $0.timeMs, payloadJSON: "{}") }
        let stored = try await store.recordAnomalies(anomalies, events: events)
        #expect(stored.count == 3 && stored.map(\.offset) == stored.map(\.offset).sorted())
        #expect(try await store.events(after: 0, topics: [EventTopic.anomalyDetected], limit: 10) == stored)

        func list(_ variable: String? = nil, _ ranges: [ClosedRange<UInt64>]? = nil, from: Int64? = nil, to: Int64? = nil,
                  organizations: Set<String>? = nil, limit: Int = 10) async throws -> [Int64] {
            try await store.anomalies(variable: variable, cellRanges: ranges, fromMs: from, toMs: to, organizations: organizations, limit: limit).map(\.timeMs)
        }
        #expect(try await list() == [300, 200, 100])
        #expect(try await list("pm25") == [300, 100])
        #expect(try await list(nil, Self.parisRegion) == [300, 100])
        #expect(try await list(nil, []) == [])
        #expect(try await list(from: 100, to: 300) == [200, 100])
        #expect(try await list(organizations: ["acme"]) == [200])
        #expect(try await list(limit: 1) == [300])
        #expect(try await store.anomalies(variable: nil, cellRanges: nil, fromMs: nil, toMs: nil, organizations: nil, limit: 10)[2] == anomalies[0])

        // Detecting the same point again (a replay) updates the row.
        _ = try await store.recordAnomalies([Self.anomaly(series: 1, t: 100, score: 9)], events: [])
        let again = try await store.anomalies(variable: "pm25", cellRanges: nil, fromMs: nil, toMs: nil, organizations: nil, limit: 10)
        #expect(again.map(\.anomalyScore) == [5, 9])
        try await store.close()
    }

    @Test func rulesAreCreatedReadUpdatedAndDeleted() async throws {
        let store = try SQLiteStore.temporary()
        var heat = AlertRuleRecord(id: "r1", name: "Heat", variable: "temperature_2m", domain: "climate", direction: "above",
                                   threshold: 40, clearThreshold: 38, forMs: 600_000, keepFiringForMs: 300_000, severity: "critical",
                                   createdAtMs: 1, updatedAtMs: 1)
        let smog = AlertRuleRecord(id: "r2", name: "Fine particles", variable: "pm25", domain: "air_quality", direction: "above",
                                   threshold: 55.5, clearThreshold: nil, forMs: 0, keepFiringForMs: 0, severity: "warning",
                                   enabled: false, organization: "acme", createdAtMs: 2, updatedAtMs: 2)
        try await store.saveRule(heat)
        try await store.saveRule(smog)
        #expect(try await store.rule(id: "r1") == heat)
        #expect(try await store.rule(id: "r2") == smog)
        #expect(try await store.rules().map(\.id) == ["r2", "r1"])
        heat.threshold = 42
        heat.enabled = false
        heat.updatedAtMs = 5
        try await store.saveRule(heat)
        #expect(try await store.rule(id: "r1") == heat)
        #expect(try await store.rules().count == 2)
        #expect(try await store.deleteRule(id: "r1"))
        #expect(try await !store.deleteRule(id: "r1"))
        #expect(try await store.rule(id: "r1") == nil)
        #expect(try await store.rules() == [smog])
        try await store.close()
    }
}
