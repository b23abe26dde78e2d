import EcoCarbon
import EcoCore
import Testing

/// Aggregation, data quality, hotspots and targets on small hand-made periods.
struct AnalysisTests {
    /// 100 gal diesel = 1024.268 kg (AR5, EPA Table 1), so sums are easy to check.
    func diesel(_ supplier: String?, day: Int, gallons: Double = 100, estimated: Bool = false, facility: String? = nil) -> Activity {
        activity(.combustion(CombustionActivity(fuel: .diesel, quantity: gallons, unit: .gallon)), supplier: supplier, facility: facility, time: march2025 + Int64(day) * dayMs, estimated: estimated)
    }

    func accounted(_ activities: [Activity]) -> (ActivityTable, AccountingResult) {
        Accountant(set: .builtIn, basis: .ar5).account(activities)
    }

    @Test func totalsBySupplierScopeAndMonth() {
        let (table, result) = accounted([diesel("a", day: 0), diesel("a", day: 31), diesel("b", day: 1, gallons: 50), diesel(nil, day: 2)])
        let bySupplier = Aggregator.aggregate(table, result, by: [.supplier])
        #expect(bySupplier.map(\.labels) == [["a"], ["b"]])
        #expect(isClose(bySupplier[0].locationKg, 2048.536))
        let byScope = Aggregator.aggregate(table, result, by: [.scope])
        #expect(byScope.map(\.labels) == [["Scope 3 · 1 Purchased goods and services"], ["Scope 1"]])
        let byMonth = Aggregator.aggregate(table, result, by: [.period(.month), .supplier])
        #expect(byMonth.count == 3)
        #expect(byMonth.first { $0.labels == ["2025-04-01T00:00:00Z", "a"] }?.activities == 1)
        let march = Aggregator.aggregate(table, result, by: [.supplier], filter: RowFilter(fromMs: march2025, toMs: march2025 + 31 * dayMs))
        #expect(isClose(march.first { $0.labels == ["a"] }?.locationKg, 1024.268))
    }

    @Test func totalsByCellUseTheCallersCellOrTheActivitysPoint() throws {
        var a = diesel("a", day: 0)
        a.lat = 48.8566
        a.lng = 2.3522
        var b = diesel("a", day: 1)
        b.cell = try Spatial.cell(lat: 48.8566, lng: 2.3522, resolution: 9)
        let (table, result) = accounted([a, b, diesel("a", day: 2)])
        let cells = Aggregator.aggregate(table, result, by: [.cell(resolution: 7)])
        #expect(cells.count == 1)
        #expect(cells[0].activities == 2)
        #expect(cells[0].cell == (try Spatial.cell(lat: 48.8566, lng: 2.3522, resolution: 7)))
    }

    @Test func qualityReportsCompletenessSharesOutliersAndStaleSuppliers() {
        var activities: [Activity] = []
        for day in 0..<20 where day != 7 { activities.append(diesel("steady", day: day, gallons: day == 12 ? 1000 : 100 + Double(day % 3))) }
        activities.append(diesel("steady", day: 7, estimated: true))
        activities.append(diesel("gone", day: 0))
        activities.append(diesel("gone", day: 1))
        let (table, result) = accounted(activities)
        let report = DataQuality.assess(table, result, fromMs: march2025, toMs: march2025 + 20 * dayMs)
        let steady = report.suppliers.first { $0.supplier == "steady" }!
        #expect(steady.completenessPercent == 95)
        #expect(steady.outliers.map(\.periodStartMs) == [march2025 + 12 * dayMs])
        #expect(steady.outliers.first?.outsideIQR == true)
        #expect(steady.outliers.first.map { $0.robustZ > 3.5 } == true)
        #expect(!steady.stale)
        let gone = report.suppliers.first { $0.supplier == "gone" }!
        #expect(gone.stale)
        #expect(report.staleSuppliers == ["gone"])
        // 100 gal estimated out of 18 × ~101 + 1000 + 100 + 200 gal in all.
        #expect(report.summary == "\(Int(report.measuredPercent.rounded()))% measured | \(Int(report.estimatedPercent.rounded()))% estimated")
        #expect(report.estimatedPercent > 3 && report.estimatedPercent < 4)
    }

    @Test func robustZScoreMatchesIglewiczHoaglin() {
        // median 3, |deviations| 2 1 0 1 97 → MAD 1; z = 0.6745 × (x − 3) / 1.
        let z = RobustStatistics.robustZ([1, 2, 3, 4, 100])
        #expect(z.map { ($0 * 10_000).rounded() / 10_000 } == [-1.349, -0.6745, 0, 0.6745, 65.4265])
    }

    @Test func hotspotsAreEntitiesAboveTheirOwnBaseline() {
        var activities: [Activity] = []
        // Four baseline weeks of 7 × 100 gal for both; in the recent week "spiky" doubles.
        for day in 0..<35 {
            activities.append(diesel("calm", day: day))
            activities.append(diesel("spiky", day: day, gallons: day >= 28 ? 200 : 100))
        }
        let (table, result) = accounted(activities)
        let hotspots = HotspotDetector().detect(table, result, entity: .supplier, recentFromMs: march2025 + 28 * dayMs, recentToMs: march2025 + 35 * dayMs)
        #expect(hotspots.map(\.key) == ["spiky"])
        #expect(isClose(hotspots[0].percentAbove, 100))
        #expect(isClose(hotspots[0].excessKg, 7 * 1024.268))
    }

    // SBTi cross-sector 1.5 °C pathway: 4.2 %/year of the base year, 2020 → 2030 = 42 %.
    @Test func linearTargetPathwayAndProgress() throws {
        let target = try ReductionTarget.linear(organization: "acme", baseYear: 2020, baseYearKg: 1_000_000, targetYear: 2030)
        #expect(isClose(target.reductionPercent, 42))
        #expect(isClose(target.pathwayKg(year: 2025), 790_000))
        let progress = target.progress(year: 2025, actualKg: 820_000)
        #expect(!progress.onTrack)
        #expect(isClose(progress.gapKg, 30_000))
        #expect(isClose(progress.savedKg, 180_000))
        #expect(isClose(progress.savedVsGoalPercent, 180_000 / 420_000 * 100))
        #expect(throws: CarbonError.self) { try ReductionTarget(organization: "acme", baseYear: 2030, baseYearKg: 1, targetYear: 2020, reductionPercent: 10) }
    }

    @Test(arguments: [(CarbonPeriod.quarter, "2025-05-17T10:00:00Z", "2025-04-01T00:00:00Z", "2025-07-01T00:00:00Z"), (.year, "2025-05-17T10:00:00Z", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z")])
    func quarterAndYearBuckets(period: CarbonPeriod, time: String, start: String, next: String) {
        let begin = period.start(ofMs: EcoTimeParse.ms(time))
        #expect(begin == EcoTimeParse.ms(start))
        #expect(period.next(afterStartMs: begin) == EcoTimeParse.ms(next))
    }
}

import EcoTime

enum EcoTimeParse {
    static func ms(_ text: String) -> Int64 { Timestamp.parse(text)! }
}
