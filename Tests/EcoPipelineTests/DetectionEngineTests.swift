import EcoAnalytics
import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoStore
import Foundation
import Testing

/// The detection engine without I/O: which points raise, resolve or hold back alerts.
@Suite struct DetectionEngineTests {
    static let series = SeriesInfo(id: 7, key: SeriesKey(variable: "temperature_2m", source: "test", stationId: "s", cell: Spatial.cell15(lat: 48.85, lng: 2.35)),
                                   lat: 48.85, lng: 2.35, lastObservedAtMs: 0, lastValue: 0)
    static let hour: Int64 = 3_600_000
    /// An arrival time long after the points: a history loaded in bulk, not a live feed.
    static let backfill: Int64 = 10_000 * hour

    static func points(_ hours: Range<Int>, spikes: [Int: Double] = [:]) -> [(timeMs: Int64, value: Double)] {
        hours.map { h in
            let normal: Double = 15 + 5 * sin(Double(h) * Double.pi / 12)
            return (timeMs: Int64(h) * hour, value: spikes[h] ?? normal)
        }
    }

    static func raised(_ actions: [AlertAction]) -> [AlertSignal] {
        actions.compactMap { if case let .raise(signal, _) = $0 { signal } else { nil } }
    }

    @Test func noAlertDuringWarmUpEvenForWildValues() {
        var engine = DetectionEngine()
        let outcome = engine.process(Self.series, variable: nil, points: Self.points(0..<10, spikes: [5: 55]), rules: [], arrivalMs: Self.backfill)
        #expect(Self.raised(outcome.actions).isEmpty)
    }

    @Test func aSpikeAfterWarmUpRaisesOneAlertThatResolvesAfterNormalPoints() {
        var engine = DetectionEngine()
        _ = engine.process(Self.series, variable: nil, points: Self.points(0..<96), rules: [], arrivalMs: Self.backfill)
        let spike = engine.process(Self.series, variable: nil, points: Self.points(96..<97, spikes: [96: 45]), rules: [], arrivalMs: Self.backfill)
        let signals = Self.raised(spike.actions)
        #expect(signals.map(\.dedupKey) == ["detector:anomaly:7"])
        #expect(signals.first?.severity == .critical)
        #expect(spike.anomalies.map(\.kind) == ["spike"])
        let after = engine.process(Self.series, variable: nil, points: Self.points(97..<100), rules: [], arrivalMs: Self.backfill)
        let resolutions = after.actions.compactMap { if case let .resolve(key, _, _) = $0 { key } else { nil } }
        #expect(resolutions == ["detector:anomaly:7"])
    }

    @Test func latePointsAreSkipped() {
        var engine = DetectionEngine()
        _ = engine.process(Self.series, variable: nil, points: Self.points(0..<96), rules: [], arrivalMs: Self.backfill)
        let late = engine.process(Self.series, variable: nil, points: Self.points(10..<11, spikes: [10: 45]), rules: [], arrivalMs: Self.backfill)
        #expect(late.anomalies.isEmpty && late.actions.isEmpty)
    }

    @Test func aStuckSensorIsASensorAlert() {
        var engine = DetectionEngine()
        _ = engine.process(Self.series, variable: nil, points: Self.points(0..<96), rules: [], arrivalMs: Self.backfill)
        let stuck = engine.process(Self.series, variable: nil, points: (96..<130).map { (Int64($0) * Self.hour, 17.25) }, rules: [], arrivalMs: Self.backfill)
        #expect(Self.raised(stuck.actions).contains { $0.alertType == "sensor" && $0.dedupKey == "detector:sensor:7" })
    }

    @Test func aFlappingRuleKeepsItsAlertOpenInsteadOfResolving() {
        var engine = DetectionEngine()
        let rule = AlertRuleRecord(id: "r", name: "hot", variable: "temperature_2m", domain: "climate", direction: "above",
                                   threshold: 30, clearThreshold: nil, forMs: 0, keepFiringForMs: 0, severity: "warning",
                                   createdAtMs: 0, updatedAtMs: 0)
        let values = (0..<20).map { (Int64($0) * 60_000, $0 % 2 == 0 ? 35.0 : 25.0) }
        let outcome = engine.process(Self.series, variable: nil, points: values, rules: [rule], arrivalMs: Self.backfill)
        let flapping = outcome.actions.contains { if case .flapping(_, true) = $0 { true } else { false } }
        #expect(flapping)
        // After flapping starts, no more resolve actions for the rule's key.
        let index = outcome.actions.firstIndex { if case .flapping(_, true) = $0 { true } else { false } }!
        let laterResolves = outcome.actions[index...].contains { if case .resolve("rule:r:7", _, _) = $0 { true } else { false } }
        #expect(!laterResolves)
    }

    @Test func anOrganizationsRuleWatchesPublicSeriesAndItsAlertsStayInTheOrganization() {
        var engine = DetectionEngine()
        let rule = AlertRuleRecord(id: "r", name: "hot", variable: "temperature_2m", domain: "climate", direction: "above",
                                   threshold: 30, clearThreshold: nil, forMs: 0, keepFiringForMs: 0, severity: "warning",
                                   organization: "acme", createdAtMs: 0, updatedAtMs: 0)
        var other = Self.series
        other.key.organization = "globex"
        #expect(rule.applies(to: Self.series), "a public series")
        #expect(!rule.applies(to: other), "another organization's series")
        let outcome = engine.process(Self.series, variable: nil, points: [(0, 35)], rules: [rule], arrivalMs: Self.backfill)
        let organizations = Self.raised(outcome.actions).map(\.organization)
        #expect(!organizations.isEmpty && organizations.allSatisfy { $0 == "acme" }, "only acme sees the alerts of its rule: \(organizations)")
    }

    @Test func aLiveSeriesThatFallsSilentRaisesOneSensorAlertThatResolvesWhenDataReturns() {
        var engine = DetectionEngine()
        let catalogue = VariableCatalogue()
        _ = engine.process(Self.series, variable: nil, points: Self.points(0..<96), rules: [], arrivalMs: 95 * Self.hour + 60_000)
        // Hourly data: silence becomes a gap after four intervals.
        #expect(engine.silences(atMs: 98 * Self.hour, catalogue: catalogue).actions.isEmpty)
        let silent = engine.silences(atMs: 100 * Self.hour, catalogue: catalogue)
        #expect(Self.raised(silent.actions).map(\.dedupKey) == ["detector:sensor:7"])
        #expect(Self.raised(silent.actions).first?.title.hasPrefix("Sensor silent") == true)
        #expect(silent.anomalies.map(\.kind) == ["gap"])
        #expect(engine.silences(atMs: 101 * Self.hour, catalogue: catalogue).actions.isEmpty, "one alert per silence")
        // Its first reading (102 h, arriving within the gap threshold) resolves it at once, with one notice.
        let back = engine.process(Self.series, variable: nil, points: Self.points(102..<106), rules: [], arrivalMs: 105 * Self.hour + 60_000)
        let resolved = back.actions.compactMap { if case let .resolve(key, _, _) = $0 { key } else { nil } }
        #expect(resolved == ["detector:sensor:7", "detector:resumed:7"])
        #expect(Self.raised(back.actions).map(\.title) == ["Sensor resumed: temperature_2m at station s"])
        #expect(back.anomalies.isEmpty)
    }

    @Test func aSensorBackAfterThreeDaysGetsOneNoticeAndNoValueAlarms() {
        var engine = DetectionEngine()
        _ = engine.process(Self.series, variable: nil, points: Self.points(0..<96), rules: [], arrivalMs: 95 * Self.hour + 60_000)
        // Back 72 h after its last reading, one reading per hour as they are measured.
        var actions: [AlertAction] = []
        var anomalies: [AnomalyRecord] = []
        for h in 167..<180 {
            let outcome = engine.process(Self.series, variable: nil, points: Self.points(h..<h + 1), rules: [], arrivalMs: Int64(h) * Self.hour + 60_000)
            actions += outcome.actions
            anomalies += outcome.anomalies
        }
        let notice = Self.raised(actions)
        #expect(notice.map(\.dedupKey) == ["detector:resumed:7"])
        #expect(notice.first?.severity == .info && notice.first?.metadata["silentForMs"] == .number(72 * 3_600_000))
        #expect(anomalies.isEmpty)
    }

    @Test func aHistoryWithAHoleLoadedInBulkGetsNoResumedNotice() {
        var engine = DetectionEngine()
        _ = engine.process(Self.series, variable: nil, points: Self.points(0..<96), rules: [], arrivalMs: Self.backfill)
        let later = engine.process(Self.series, variable: nil, points: Self.points(168..<180), rules: [], arrivalMs: Self.backfill)
        #expect(Self.raised(later.actions).isEmpty)
    }

    @Test func aDetectorWarmedUpAfterARestartResolvesTheAlertLeftOpen() {
        var engine = DetectionEngine()
        engine.warmUp(Self.series, history: Self.points(0..<96), rules: [], openGroups: ["anomaly"], nowMs: Self.backfill)
        let after = engine.process(Self.series, variable: nil, points: Self.points(96..<99), rules: [], arrivalMs: Self.backfill)
        let resolutions = after.actions.compactMap { if case let .resolve(key, _, _) = $0 { key } else { nil } }
        #expect(resolutions == ["detector:anomaly:7"])
    }

    @Test func beyondItsCapacityTheEngineForgetsTheSeriesThatReportedLeastRecently() {
        var engine = DetectionEngine()
        engine.capacity = 10
        for id in 0..<11 {
            var series = Self.series
            series.id = Int64(id)
            _ = engine.process(series, variable: nil, points: [(0, 15)], rules: [], arrivalMs: Int64(id) * 1_000)
        }
        engine.forgetBeyondCapacity()
        #expect(engine.watches.count == 9)
        #expect(!engine.knows(0) && !engine.knows(1) && engine.knows(2) && engine.knows(10))
    }

    @Test func aHistoryLoadedInBulkNeverCountsAsASilentSensor() {
        var engine = DetectionEngine()
        _ = engine.process(Self.series, variable: nil, points: Self.points(0..<96), rules: [], arrivalMs: Self.backfill)
        #expect(engine.silences(atMs: Self.backfill + 24 * Self.hour, catalogue: VariableCatalogue()).actions.isEmpty)
    }
}
