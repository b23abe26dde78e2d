import EcoCarbon
import EcoRandom
import Foundation
import Testing

/// Gap filling learns each supplier's level and weekly rhythm from its own and its peers' history.
struct GapFillerTests {
    /// 24 suppliers over 84 days: levels spread over two orders of magnitude, weekends at 30 %,
    /// ±5 % noise; every 9th day of each supplier missing (at different offsets).
    static func chain() -> (activities: [Activity], truth: [String: [Int: Double]]) {
        var random = SplitMix64(seed: 7)
        var activities: [Activity] = [], truth: [String: [Int: Double]] = [:]
        for s in 0..<24 {
            let name = "supplier-\(s)"
            let level = 10 * pow(100, random.unit())
            for day in 0..<84 {
                let weekday = (day + 5) % 7  // 2025-03-01 is a Saturday
                let gallons = level * (weekday >= 5 ? 0.3 : 1) * (1 + 0.05 * (2 * random.unit() - 1))
                if day > 0, day < 83, (day + s) % 9 == 0 {
                    truth[name, default: [:]][day] = gallons * 10.24268
                    continue
                }
                activities.append(activity(.combustion(CombustionActivity(fuel: .diesel, quantity: gallons, unit: .gallon)), supplier: name, time: march2025 + Int64(day) * dayMs + 3_600_000))
            }
        }
        return (activities, truth)
    }

    @Test func forestEstimatesBeatAColumnMedianAndNeverTouchMeasurements() throws {
        let (activities, truth) = Self.chain()
        let (table, result) = Accountant(set: .builtIn, basis: .ar5).account(activities)
        let estimates = try GapFiller().fill(table, result, fromMs: march2025, toMs: march2025 + 84 * dayMs)
        let expected = truth.values.reduce(0) { $0 + $1.count }
        #expect(estimates.count == expected)
        let columnMedian = RobustStatistics.median(result.locationKg)!
        var forestError = 0.0, medianError = 0.0, covered = 0
        for estimate in estimates {
            let day = Int((estimate.periodStartMs - march2025) / dayMs)
            let actual = try #require(truth[estimate.supplier]?[day], "estimate for a measured day \(estimate.supplier) \(day)")
            forestError += abs(estimate.kg - actual) / actual
            medianError += abs(columnMedian - actual) / actual
            if estimate.lowKg <= actual * 1.1 && actual * 0.9 <= estimate.highKg { covered += 1 }
            #expect(estimate.lowKg <= estimate.kg * 1.0001 && estimate.kg <= estimate.highKg * 1.0001 || estimate.lowKg <= estimate.highKg)
            #expect(estimate.estimated)
        }
        let forestMAPE = forestError / Double(estimates.count), medianMAPE = medianError / Double(estimates.count)
        #expect(forestMAPE < 0.25, "forest MAPE \(forestMAPE)")
        #expect(forestMAPE < medianMAPE / 4, "forest \(forestMAPE) vs column median \(medianMAPE)")
        #expect(Double(covered) / Double(estimates.count) > 0.6, "band covered \(covered) of \(estimates.count)")
    }

    @Test func tooLittleHistoryIsAClearError() {
        let (table, result) = Accountant(set: .builtIn).account([activity(.combustion(CombustionActivity(fuel: .diesel, quantity: 1, unit: .gallon)), supplier: "new")])
        #expect(throws: CarbonError.self) { try GapFiller().fill(table, result, fromMs: march2025, toMs: march2025 + 10 * dayMs) }
    }
}
