import EcoCarbon
import Foundation
import Testing

/// Purchased electricity sent without a grid region and fuel burned without a unit: each is estimated from a known
/// history (the facility's own records, the nearest located records, the organization's dominant region; the
/// supplier's and facility's bookings of the fuel), marked estimated with its method and band, and accounted at the
/// factor of the estimate. Factors: Our World in Data (Ember) 2023, FR 0.056039, DE 0.38095, PL 0.661926 kg CO2e/kWh;
/// US EPA GHG Emission Factors Hub (January 2025) Table 1, diesel 10.21 kg CO2, 0.41 g CH4, 0.08 g N2O per gal.
struct RegionAndUnitEstimatorTests {
    static func power(_ kWh: Double, facility: String? = nil, region: String? = nil, organization: String = "acme") -> Activity {
        activity(.electricity(ElectricityActivity(kWh: kWh)), facility: facility, region: region, organization: organization)
    }

    static func diesel(_ quantity: Double, _ unit: CarbonUnit?, supplier: String? = "s1", facility: String? = "f1", estimated: Bool = false) -> Activity {
        activity(.combustion(CombustionActivity(fuel: .diesel, quantity: quantity, unit: unit)), supplier: supplier, facility: facility, estimated: estimated)
    }

    static func placed(_ activity: Activity, lat: Double, lng: Double) -> Activity {
        var placed = activity
        (placed.lat, placed.lng) = (lat, lng)
        return placed
    }

    @Test func theFacilitysOwnRecordsNameItsRegion() throws {
        let gas = activity(.combustion(CombustionActivity(fuel: .naturalGas, quantity: 100, unit: .kWh)), facility: "lyon", region: "FR")
        let history = [gas, gas, gas, Self.power(500, facility: "lyon", region: "DE"), Self.power(9_000, facility: "berlin", region: "DE"),
                       Self.power(9_000, facility: "lyon", region: "PL", organization: "other")]
        let target = Self.power(1_000, facility: "lyon")
        #expect(RegionEstimator.needs(target) && !RegionEstimator.needs(Self.power(1, region: "FR")))
        let estimate = try #require(RegionEstimator().estimate([(0, target)], learningFrom: history).first)
        #expect(estimate.field == "region" && estimate.estimate == "FR" && estimate.alternatives == ["FR", "DE"])
        #expect(estimate.value == 0.75 && estimate.ownRows == 4 && estimate.method.contains("facility's own records"))

        // Accounted at FR's factor, marked estimated; the band is the figure at FR and at DE.
        var filled = target
        estimate.apply(to: &filled)
        #expect(filled.region == "FR" && filled.estimated)
        let accountant = Accountant(set: .builtIn, basis: .ar5)
        let (table, result) = accountant.account([filled])
        let provenance = Provenance(row: 0, table: table, result: result, index: accountant.index, estimate: estimate)
        #expect(provenance.factorId == "owid-ember-fr" && isClose(provenance.co2eKg, 56.039))
        #expect(isClose(provenance.co2eLowKg, 56.039) && isClose(provenance.co2eHighKg, 380.95))
        #expect(provenance.fieldEstimate?.basis.contains("region estimated as FR (75 % of the evidence)") == true)
        #expect(table.estimated[0])
    }

    @Test func aPlaceTakesTheRegionOfItsNearestRecordsAndElseTheOrganizationsDominantOne() throws {
        // Warsaw (52.23 N, 21.01 E): records within 10 km are PL; Paris, 1,370 km away, is no evidence of Warsaw's grid.
        let history = [Self.placed(Self.power(100, region: "PL"), lat: 52.25, lng: 21.05), Self.placed(Self.power(100, region: "PL"), lat: 52.20, lng: 20.95),
                       Self.placed(Self.power(50_000, region: "FR"), lat: 48.85, lng: 2.35), Self.power(20_000, region: "DE")]
        let warsaw = Self.placed(Self.power(1_000), lat: 52.23, lng: 21.01)
        let near = try #require(RegionEstimator().estimate([(0, warsaw)], learningFrom: history).first)
        #expect(near.estimate == "PL" && near.alternatives == ["PL"] && near.value == 1 && near.method.contains("k-nearest located records"))
        // Nowhere near a located record, no facility: the organization's most kWh, FR 50,000 of 70,200; DE (28 %) in the band.
        let somewhere = try #require(RegionEstimator().estimate([(3, Self.power(1_000))], learningFrom: history).first)
        #expect(somewhere.row == 3 && somewhere.estimate == "FR" && somewhere.alternatives == ["FR", "DE"], "\(somewhere)")
        #expect(abs(somewhere.value - 50_000 / 70_200.0) < 1e-12 && somewhere.method.contains("dominant grid region"))
        // Estimated records are no evidence, and without evidence there is no estimate (the row keeps the WORLD factor).
        let guessed = [activity(.electricity(ElectricityActivity(kWh: 1)), region: "DE", estimated: true)]
        #expect(RegionEstimator().estimate([(0, Self.power(1_000))], learningFrom: guessed).isEmpty)
        let (line, _) = account(Self.power(1_000))
        #expect(line.factorRegion == "WORLD" && line.factorId != nil)
    }

    @Test func aFuelsUnitComesFromTheNearestBookingsOfTheSupplierAtTheFacility() throws {
        // s1 at f1 books diesel in gallons around 900 and in litres around 3,400; s2 books it in kg.
        var history = [880.0, 900, 910, 925].map { Self.diesel($0, .gallon) } + [3_300.0, 3_400, 3_450, 3_500].map { Self.diesel($0, .litre) }
        history += [10.0, 11, 12].map { Self.diesel($0, .kg, supplier: "s2", facility: "f2") }
        history.append(Self.diesel(12, .gallon, estimated: true))
        let targets = [(0, Self.diesel(850, nil)), (1, Self.diesel(3_350, nil)), (2, Self.diesel(11, nil, supplier: "s2", facility: "f9")),
                       (3, Self.diesel(40, nil, supplier: "s3", facility: "f1"))]
        #expect(FuelUnitEstimator.needs(targets[0].1) && !FuelUnitEstimator.needs(history[0]))
        let estimates = FuelUnitEstimator().estimate(targets, learningFrom: history)
        #expect(estimates.map(\.estimate) == ["gal", "L", "kg", "gal"])
        #expect(estimates[0].method.contains("this supplier at this facility's 8 records of diesel") && estimates[0].ownRows == 8)
        #expect(estimates[0].alternatives == ["gal", "L"] && abs(estimates[0].value - 0.8) < 1e-3, "4 gal and 1 L among the 5 nearest")
        #expect(estimates[2].method.contains("this supplier's 3 records") && estimates[2].alternatives == ["kg"])
        #expect(estimates[3].method.contains("this facility's 8 records"), "s3 has no bookings; the facility's are the evidence")

        // 850 gal of diesel, accounted: quantity × the Table 1 row; the band spans the figure for 850 L.
        var filled = targets[0].1
        estimates[0].apply(to: &filled)
        let (line, _) = account(filled)
        let perGallon = 10.21 + 0.41e-3 * 28 + 0.08e-3 * 265
        #expect(line.factorId == "epa2025-t1-diesel" && isClose(line.co2eKg, 850 * perGallon))
        let accountant = Accountant(set: .builtIn, basis: .ar5)
        let (table, result) = accountant.account([filled])
        let provenance = Provenance(row: 0, table: table, result: result, index: accountant.index, estimate: estimates[0])
        #expect(isClose(provenance.co2eLowKg, 850 / 3.785411784 * perGallon) && isClose(provenance.co2eHighKg, 850 * perGallon))

        // No booking of the fuel with a unit: no estimate, and the record stays unaccounted saying what to send.
        #expect(FuelUnitEstimator().estimate([(0, Self.diesel(5, nil))], learningFrom: []).isEmpty)
        let (missing, _) = account(Self.diesel(5, nil))
        #expect(missing.status == .missingField && missing.unaccountedReason?.hasPrefix("unit is missing") == true)
    }
}
