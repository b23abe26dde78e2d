import EcoCarbon
import EcoRandom
import Foundation
import Testing

/// A freight leg sent with a distance but no load is accepted, its load estimated from the supplier's
/// own legs and its peers', marked estimated with a band; measured rows are never touched.
struct LoadEstimatorTests {
    /// EPA Table 8 rail row per short ton-mile under AR5: 0.021 kg CO2, 0.0016 g CH4, 0.0005 g N2O.
    static let railKgPerShortTonMile = 0.021 + 0.0016e-3 * 28 + 0.0005e-3 * 265

    static func leg(_ supplier: String, km: Double, loadKg: Double?, day: Int, mode: TransportMode = .rail) -> Activity {
        activity(.transport(TransportActivity(mode: mode, distanceKm: km, loadKg: loadKg)), supplier: supplier,
                 time: march2025 + Int64(day) * dayMs)
    }

    /// Three carriers, 30 legs each over 100…970 km, each always carrying its own load: rail-a 20 t,
    /// rail-b 60 t, barge-c 900 t (inland waterway). `noise` spreads each load uniformly by ± that share.
    static func history(noise: Double = 0, seed: UInt64 = 3) -> [Activity] {
        var random = SplitMix64(seed: seed)
        var legs: [Activity] = []
        for k in 0..<30 {
            let km = 100 + 30 * Double(k)
            func load(_ tonnes: Double) -> Double { tonnes * 1000 * (1 + noise * (2 * random.unit() - 1)) }
            legs.append(leg("rail-a", km: km, loadKg: load(20), day: k))
            legs.append(leg("rail-b", km: km, loadKg: load(60), day: k))
            legs.append(leg("barge-c", km: km, loadKg: load(900), day: k, mode: .inlandWaterway))
        }
        return legs
    }

    @Test func aLegWithoutItsLoadIsAcceptedAndNoDistanceStillRefused() throws {
        try ActivityValidator.validate(Self.leg("rail-a", km: 450, loadKg: nil, day: 0))
        #expect(throws: CarbonError.self) {
            try ActivityValidator.validate(activity(.transport(TransportActivity(mode: .rail)), supplier: "rail-a"))
        }
        #expect(TransportActivity(mode: .rail, distanceKm: 450).loadIsMissing)
        #expect(!TransportActivity(mode: .road, distanceKm: 450).loadIsMissing, "road keeps its vehicle-km basis")
    }

    // The hand-built answer: rail-a always carries 20 t, so its 450-km leg is 20 t × 450 km = 9,000 t·km
    // = 9,000 / 1.459972… short ton-miles × the Table 8 rail row.
    @Test func theEstimateIsTheSuppliersOwnLoadAndItsCO2eRecomputesByHand() throws {
        var activities = Self.history()
        activities.append(Self.leg("rail-a", km: 450, loadKg: nil, day: 40))
        activities.append(Self.leg("barge-c", km: 300, loadKg: nil, day: 41, mode: .inlandWaterway))
        var table = ActivityTable(activities)
        let missing = activities.count - 2
        #expect(LoadEstimator.missingRows(table) == [missing, missing + 1])
        let accountant = Accountant(set: .builtIn, basis: .ar5)
        let before = accountant.account(table)
        #expect(before.status[missing] == .missingField)

        let estimates = LoadEstimator().estimate(table)
        #expect(estimates.count == 2)
        let rail = try #require(estimates.first { $0.row == missing })
        #expect(isClose(rail.value, 20_000, relative: 1e-6), "rail-a's load: \(rail.value)")
        #expect(rail.low <= rail.value * (1 + 1e-9) && rail.value <= rail.high * (1 + 1e-9))
        #expect(rail.ownRows == 30 && rail.trainingRows == 90 && rail.field == "loadKg")
        let barge = try #require(estimates.first { $0.row == missing + 1 })
        #expect(isClose(barge.value, 900_000, relative: 1e-6), "barge-c's load: \(barge.value)")

        table.apply(estimates)
        let result = accountant.account(table)
        #expect(result.status[missing] == .accounted)
        #expect(table.estimated[missing] && !table.estimated[0])
        #expect(isClose(result.locationKg[missing], 20 * 450 / shortTonMile * Self.railKgPerShortTonMile, relative: 1e-6))
        let line = Provenance(row: missing, table: table, result: result, index: accountant.index, estimate: rail)
        #expect(line.fieldEstimate == rail)
        #expect(try #require(line.co2eLowKg) <= result.locationKg[missing] * (1 + 1e-9))
        #expect(line.fieldEstimate?.basis.contains("learnt from 90 measured legs, 30 of them this supplier's own") == true)

        let quality = DataQuality.assess(table, result, fromMs: march2025, toMs: march2025 + 60 * dayMs)
        #expect(quality.estimatedPercent > 0, "the estimated leg counts as estimated: \(quality.summary)")
    }

    // With ±10 % noise the right answer is the supplier's typical load (20 t): the estimate is near it
    // and its 80 % band holds it; a column median over all legs (60 t) would be three times too high.
    @Test func withNoiseTheEstimateStaysNearTheSuppliersTypicalLoad() throws {
        var activities = Self.history(noise: 0.1)
        activities.append(Self.leg("rail-a", km: 515, loadKg: nil, day: 40))
        let table = ActivityTable(activities)
        let estimate = try #require(LoadEstimator().estimate(table).first)
        #expect(abs(estimate.value - 20_000) / 20_000 < 0.1, "estimate \(estimate.value)")
        #expect(estimate.low <= 20_000 * 1.02 && 20_000 * 0.98 <= estimate.high, "band \(estimate.low)–\(estimate.high)")
    }

    @Test func aNewSupplierBorrowsFromItsPeersOnTheSameMode() throws {
        var activities = Self.history()
        activities.append(Self.leg("rail-new", km: 400, loadKg: nil, day: 40))
        let estimate = try #require(LoadEstimator().estimate(ActivityTable(activities)).first)
        #expect(estimate.ownRows == 0)
        #expect(estimate.value >= 20_000 * 0.999 && estimate.value <= 60_000 * 1.001, "between the rail peers: \(estimate.value)")
    }

    @Test func measurementsAreNeverOverwritten() {
        let activities = Self.history() + [Self.leg("rail-a", km: 450, loadKg: nil, day: 40)]
        var table = ActivityTable(activities)
        let measured = table.quantity
        var estimates = LoadEstimator().estimate(table)
        estimates.append(FieldEstimate(row: 0, field: "loadKg", value: 1, low: 1, high: 1, trainingRows: 0, ownRows: 0, method: "wrong row"))
        table.apply(estimates)
        for i in 0..<(activities.count - 1) {
            #expect(table.quantity[i] == measured[i] && !table.estimated[i], "row \(i) was measured")
        }
    }

    @Test func withoutEnoughHistoryTheLegStaysUnaccountedSayingWhatToSend() {
        let activities = [Self.leg("rail-a", km: 450, loadKg: 20_000, day: 0), Self.leg("rail-a", km: 450, loadKg: nil, day: 1)]
        let table = ActivityTable(activities)
        #expect(LoadEstimator().estimate(table).isEmpty)
        let accountant = Accountant(set: .builtIn)
        let line = Provenance(row: 1, table: table, result: accountant.account(table), index: accountant.index)
        #expect(line.status == .missingField && line.co2eKg == nil)
        #expect(line.unaccountedReason?.contains("send loadKg or tonneKm") == true)
    }
}
