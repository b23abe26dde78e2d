import EcoCore
import EcoStore
import H3

/// The promises of ``AlertStore``: an alert, its history entry and its event are stored together; one
/// open alert per dedup key; changes only over the version they were made from; filters and keyset
/// paging; anomalies with their events.
enum AlertContract {
    static func alert(_ id: String, dedup: String? = nil, status: AlertRecord.Status = .firing, domain: String = "climate",
                      severity: String = "warning", h3: String? = nil, from: Int64 = 0, until: Int64? = nil,
                      organization: String = "", updated: Int64 = 1) -> AlertRecord {
        AlertRecord(id: id, alertType: "threshold", domain: domain, severity: severity, title: "Alert \(id)", description: "d",
                    h3Index: h3, geometryJSON: nil, validFromMs: from, validUntilMs: until, metadataJSON: #"{"rule":"r1"}"#,
                    status: status, dedupKey: dedup ?? "key-\(id)", organization: organization, createdAtMs: 1, updatedAtMs: updated)
    }

    static func entry(_ alert: AlertRecord, actor: String = "system", note: String? = nil) -> AlertHistoryEntry {
        AlertHistoryEntry(alertID: alert.id, status: alert.status, severity: alert.severity, atMs: alert.updatedAtMs, actor: actor, note: note)
    }

    static func event(_ alert: AlertRecord, _ topic: String = EventTopic.alertUpdated) -> NewEvent {
        NewEvent(topic: topic, key: alert.id, timeMs: alert.updatedAtMs, payloadJSON: #"{"id":"\#(alert.id)","status":"\#(alert.status.rawValue)"}"#)
    }

    static func save(_ store: any EcoStore, _ alert: AlertRecord, actor: String = "system") async throws -> DomainEvent {
        try await store.saveAlert(alert, change: entry(alert, actor: actor), event: event(alert))
    }

    /// `alert` changed by `edit`, one version on.
    static func changed(_ alert: AlertRecord, _ edit: (inout AlertRecord) -> Void) -> AlertRecord {
        var next = alert
        edit(&next)
        next.version += 1
        return next
    }

    static let paris15 = H3.latLngToCellIndex(latitude: 48.8566, longitude: 2.3522, resolution: 15)
    static let paris7 = String(H3.latLngToCellIndex(latitude: 48.8566, longitude: 2.3522, resolution: 7), radix: 16)
    static let newYork9 = String(H3.latLngToCellIndex(latitude: 40.7128, longitude: -74.0060, resolution: 9), radix: 16)
    static let parisRegion = H3.ranges(for: [H3Cell(unchecked: H3.parent(ofResolution15: paris15, at: 3))])

    /// Newest first: e (50), d (40), c (30), b (20), a (10).
    static let filterAlerts: [AlertRecord] = [
        alert("a", domain: "climate", severity: "info", h3: String(paris15, radix: 16), from: 0, until: 100, updated: 10),
        alert("b", status: .resolved, domain: "air_quality", severity: "critical", h3: paris7, from: 50, until: nil, updated: 20),
        alert("c", domain: "air_quality", severity: "warning", h3: newYork9, from: 200, until: 300, organization: "acme", updated: 30),
        alert("d", status: .acknowledged, domain: "ocean", severity: "critical", h3: nil, from: 400, until: nil, updated: 40),
        alert("e", status: .pending, domain: "climate", severity: "warning", h3: "not-a-cell", from: 0, until: 10, organization: "acme", updated: 50),
    ]

    static let filterCases: [(name: String, filter: AlertFilter, expected: [String])] = [
        ("no filter", AlertFilter(), ["e", "d", "c", "b", "a"]),
        ("domain", AlertFilter(domains: ["air_quality"]), ["c", "b"]),
        ("severities", AlertFilter(severities: ["critical", "info"]), ["d", "b", "a"]),
        ("open statuses", AlertFilter(statuses: [.pending, .firing, .acknowledged]), ["e", "d", "c", "a"]),
        ("region", AlertFilter(cellRanges: parisRegion), ["b", "a"]),
        ("empty region", AlertFilter(cellRanges: []), []),
        ("valid in [60, 250)", AlertFilter(fromMs: 60, toMs: 250), ["c", "b", "a"]),
        ("valid from 300 on", AlertFilter(fromMs: 300), ["d", "b"]),
        ("valid before 5", AlertFilter(toMs: 5), ["e", "a"]),
        ("organizations", AlertFilter(organizations: ["", "other"]), ["d", "b", "a"]),
        ("combined", AlertFilter(domains: ["climate", "air_quality"], statuses: [.firing, .pending], organizations: ["acme"]), ["e", "c"]),
        ("limit", AlertFilter(limit: 2), ["e", "d"]),
        ("after", AlertFilter(after: (updatedAtMs: 30, id: "c")), ["b", "a"]),
    ]

    static func anomaly(series: Int64, t: Int64, variable: String = "pm25", cell: UInt64 = paris15, kind: String = "spike",
                        score: Double = 5, organization: String = "") -> AnomalyRecord {
        AnomalyRecord(seriesId: series, variable: variable, stationId: "st\(series)", h3Index: String(cell, radix: 16), timeMs: t,
                      value: 80, anomalyScore: score, baselineMean: 20, baselineStd: nil, kind: kind, severity: "warning",
                      organization: organization)
    }

    static let cases: [ContractCase] = [
        ContractCase("AlertStore", "an alert, its history and its event are saved together and survive reopening") { subject in
            let store = subject.store
            var alert = alert("a1", h3: paris7, from: 100, until: 900, updated: 10)
            alert.geometryJSON = #"{"type":"Point","coordinates":[2.35,48.85]}"#
            let created = try await store.saveAlert(alert, change: entry(alert), event: event(alert, EventTopic.alertCreated))
            try expect(created.topic == EventTopic.alertCreated && created.key == "a1", "created event")
            try expectEqual(try await store.alert(id: "a1"), alert, "stored alert")
            alert = changed(alert) {
                $0.status = .acknowledged
                $0.acknowledgedBy = "user-7"
                $0.acknowledgedAtMs = 20
                $0.updatedAtMs = 20
            }
            let acknowledged = try await save(store, alert, actor: "user-7")
            try expect(acknowledged.offset > created.offset, "the change's event comes later")
            try expectEqual(try await store.waitForEvents(after: created.offset), acknowledged.offset, "wait")
            try expectEqual(try await store.alert(id: "a1"), alert, "acknowledged alert")
            try expect(try await store.alert(id: "missing") == nil, "unknown id")
            let history = try await store.alertHistory(id: "a1")
            try expectEqual(history.map(\.status), [.firing, .acknowledged], "history statuses")
            try expectEqual(history.map(\.actor), ["system", "user-7"], "history actors")
            try expectEqual(try await store.events(after: 0, topics: [EventTopic.alertCreated, EventTopic.alertUpdated], limit: 10),
                            [created, acknowledged], "events")
            let reopened = try await subject.reopen()
            try expectEqual(try await reopened.alert(id: "a1"), alert, "alert after reopening")
            try expectEqual(try await reopened.alertHistory(id: "a1").count, 2, "history after reopening")
        },
        ContractCase("AlertStore", "one open alert per dedup key, and a refusal leaves nothing") { subject in
            let store = subject.store
            var first = alert("first", dedup: "rule-1|series-9", status: .pending)
            _ = try await save(store, first)
            first = changed(first) { $0.status = .firing }
            _ = try await save(store, first)
            let before = try await store.latestEventOffset()
            let duplicate = alert("second", dedup: "rule-1|series-9")
            try await expectThrows(EcoError.self, "a second open alert under one key") { try await save(store, duplicate) }
            try expect(try await store.alert(id: "second") == nil, "refused alert not stored")
            try expect(try await store.alertHistory(id: "second").isEmpty, "refused history not stored")
            try expectEqual(try await store.latestEventOffset(), before, "no event for a refusal")
            try expectEqual(try await store.openAlert(dedupKey: "rule-1|series-9")?.id, "first", "open alert")
            // Once resolved, the key is free for a new alert; the resolved one stays for history.
            first = changed(first) { $0.status = .resolved }
            _ = try await save(store, first)
            try expect(try await store.openAlert(dedupKey: "rule-1|series-9") == nil, "no open alert after resolution")
            _ = try await save(store, duplicate)
            try expectEqual(try await store.openAlert(dedupKey: "rule-1|series-9")?.id, "second", "the key reused")
            try expectEqual(try await store.alert(id: "first")?.status, .resolved, "history kept")
            try expect(try await store.openAlert(dedupKey: "unknown") == nil, "unknown key")
        },
        ContractCase("AlertStore", "concurrent openings of one key leave exactly one open alert") { subject in
            let store = subject.store
            let opened = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask { (try? await save(store, alert("race-\(i)", dedup: "shared"))) != nil }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            try expectEqual(opened, 1, "openings that succeeded")
            try expectEqual(try await store.alerts(AlertFilter()).count, 1, "alerts")
            try expectEqual(try await store.events(after: 0, topics: nil, limit: 100).count, 1, "events")
        },
        ContractCase("AlertStore", "a change is stored only over the version it was made from") { subject in
            let store = subject.store
            let original = alert("v", status: .firing)
            _ = try await save(store, original)
            let acknowledged = changed(original) { $0.status = .acknowledged; $0.acknowledgedBy = "ann" }
            let escalated = changed(original) { $0.severity = "critical" }
            _ = try await save(store, acknowledged)
            let before = try await store.latestEventOffset()
            let conflict = try await expectThrows(AlertVersionConflict.self, "a change made from version 1 after version 2 was stored") {
                try await save(store, escalated)
            }
            try expectEqual(conflict.current, acknowledged, "the conflict carries the stored alert")
            try expectEqual(try await store.alert(id: "v"), acknowledged, "the acknowledgement is not overwritten")
            try expectEqual(try await store.latestEventOffset(), before, "no event for a refused change")
            try expectEqual(try await store.alertHistory(id: "v").count, 2, "no history entry for a refused change")
            let reopened = changed(original) { $0.status = .pending }
            try await expectThrows(AlertVersionConflict.self, "a new alert (version 1) whose id exists") {
                try await save(store, AlertRecord(id: "v", alertType: "x", domain: "climate", severity: "info", title: "t", description: "d",
                                                  h3Index: nil, geometryJSON: nil, validFromMs: 0, validUntilMs: nil, metadataJSON: "{}",
                                                  status: .firing, dedupKey: "other", createdAtMs: 1, updatedAtMs: 1))
            }
            try await expectThrows(AlertVersionConflict.self, "a stale version") { try await save(store, reopened) }
            let next = changed(acknowledged) { $0.severity = "critical" }
            _ = try await save(store, next)
            try expectEqual(try await store.alert(id: "v")?.version, 3, "version after the third change")
            try await expectThrows(EcoError.self, "a change of an alert never stored") { try await save(store, changed(alert("ghost")) { _ in }) }
        },
        ContractCase("AlertStore", "of concurrent changes from one version exactly one is stored") { subject in
            let store = subject.store
            let original = alert("race")
            _ = try await save(store, original)
            let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        let change = changed(original) { $0.acknowledgedBy = "user-\(i)"; $0.status = .acknowledged }
                        do { _ = try await save(store, change) } catch is AlertVersionConflict { return false }
                        return true
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            try expectEqual(stored, 1, "changes stored")
            try expectEqual(try await store.alertHistory(id: "race").count, 2, "history entries")
        },
        ContractCase("AlertStore", "a history entry for another alert is refused") { subject in
            let store = subject.store
            let alert = alert("a")
            try await expectThrows(EcoError.self, "a mismatched history entry") {
                try await store.saveAlert(alert, change: entry(Self.alert("b")), event: event(alert))
            }
            try expect(try await store.alert(id: "a") == nil, "nothing stored")
        },
    ] + filterCases.map { testCase in
        ContractCase("AlertStore", "alerts filtered newest first: \(testCase.name)") { subject in
            for alert in filterAlerts { _ = try await save(subject.store, alert) }
            try expectEqual(try await subject.store.alerts(testCase.filter).map(\.id), testCase.expected, testCase.name)
        }
    } + [
        ContractCase("AlertStore", "keyset paging visits every alert once, even with equal times") { subject in
            let store = subject.store
            let updated: [Int64] = [5, 7, 7, 7, 3, 9, 7, 1]
            for (i, time) in updated.enumerated() { _ = try await save(store, alert("x\(i)", updated: time)) }
            var seen: [AlertRecord] = []
            var filter = AlertFilter(limit: 3)
            while true {
                let page = try await store.alerts(filter)
                seen += page
                guard page.count == filter.limit, let last = page.last else { break }
                filter.after = (last.updatedAtMs, last.id)
            }
            try expectEqual(seen.map(\.id), ["x5", "x1", "x2", "x3", "x6", "x0", "x4", "x7"], "paged ids")
        },
        ContractCase("AlertStore", "anomalies are stored with their events and listed newest first") { subject in
            let store = subject.store
            let newYork15 = H3.latLngToCellIndex(latitude: 40.7128, longitude: -74.0060, resolution: 15)
            let anomalies = [
                anomaly(series: 1, t: 100), anomaly(series: 1, t: 300, kind: "stuck"),
                anomaly(series: 2, t: 200, variable: "temperature_2m", cell: newYork15, organization: "acme"),
            ]
            let events = anomalies.map { NewEvent(topic: EventTopic.anomalyDetected, key: "k", timeMs: $0.timeMs, payloadJSON: "{}") }
            let stored = try await store.recordAnomalies(anomalies, events: events)
            try expect(stored.count == 3 && stored.map(\.offset) == stored.map(\.offset).sorted(), "events in order")
            try expectEqual(try await store.events(after: 0, topics: [EventTopic.anomalyDetected], limit: 10), stored, "anomaly events")
            func list(_ variable: String? = nil, _ ranges: [ClosedRange<UInt64>]? = nil, from: Int64? = nil, to: Int64? = nil,
                      organizations: Set<String>? = nil, limit: Int = 10) async throws -> [Int64] {
                try await store.anomalies(variable: variable, cellRanges: ranges, fromMs: from, toMs: to, organizations: organizations, limit: limit).map(\.timeMs)
            }
            try expectEqual(try await list(), [300, 200, 100], "all")
            try expectEqual(try await list("pm25"), [300, 100], "by variable")
            try expectEqual(try await list(nil, parisRegion), [300, 100], "by region")
            try expectEqual(try await list(nil, []), [], "empty region")
            try expectEqual(try await list(from: 100, to: 300), [200, 100], "by time")
            try expectEqual(try await list(organizations: ["acme"]), [200], "by organization")
            try expectEqual(try await list(limit: 1), [300], "limit")
            try expectEqual(try await store.anomalies(variable: nil, cellRanges: nil, fromMs: nil, toMs: nil, organizations: nil, limit: 10)[2],
                            anomalies[0], "round trip")
            // Detecting the same point again (a replay) updates the row.
            _ = try await store.recordAnomalies([anomaly(series: 1, t: 100, score: 9)], events: [])
            let again = try await store.anomalies(variable: "pm25", cellRanges: nil, fromMs: nil, toMs: nil, organizations: nil, limit: 10)
            try expectEqual(again.map(\.anomalyScore), [5, 9], "replayed anomaly updated")
        },
    ]
}

/// The promises of ``AlertRuleStore``.
enum AlertRuleContract {
    static let cases: [ContractCase] = [
        ContractCase("AlertRuleStore", "rules are created, read, updated and deleted") { subject in
            let store = subject.store
            var heat = AlertRuleRecord(id: "r1", name: "Heat", variable: "temperature_2m", domain: "climate", direction: "above",
                                       threshold: 40, clearThreshold: 38, forMs: 600_000, keepFiringForMs: 300_000, severity: "critical",
                                       createdAtMs: 1, updatedAtMs: 1)
            let smog = AlertRuleRecord(id: "r2", name: "Fine particles", variable: "pm25", domain: "air_quality", direction: "above",
                                       threshold: 55.5, clearThreshold: nil, forMs: 0, keepFiringForMs: 0, severity: "warning",
                                       enabled: false, organization: "acme", createdAtMs: 2, updatedAtMs: 2)
            try await store.saveRule(heat)
            try await store.saveRule(smog)
            try expectEqual(try await store.rule(id: "r1"), heat, "heat rule")
            try expectEqual(try await store.rule(id: "r2"), smog, "smog rule")
            try expectEqual(try await store.rules().map(\.id), ["r2", "r1"], "newest first")
            heat.threshold = 42
            heat.enabled = false
            heat.updatedAtMs = 5
            try await store.saveRule(heat)
            try expectEqual(try await store.rule(id: "r1"), heat, "updated rule")
            try expectEqual(try await store.rules().count, 2, "rules")
            try expect(try await store.deleteRule(id: "r1"), "deleted")
            try expect(try await !store.deleteRule(id: "r1"), "deleted once")
            try expect(try await store.rule(id: "r1") == nil, "gone")
            try expectEqual(try await store.rules(), [smog], "left")
            let changes = try await store.events(after: 0, topics: [EventTopic.alertRuleChanged], limit: 10).map { $0.key ?? "" }
            try expectEqual(changes, ["r1", "r2", "r1", "r1"], "one rule-changed event per change, none for a delete that found nothing")
        },
    ]
}
