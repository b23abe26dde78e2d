import EcoCarbon
import Testing

/// What-if scenarios on a worked example: one haulier's road freight, one office's electricity,
/// one plant's diesel boiler (AR5, built-in set).
struct SimulationTests {
    static let road = 10_000 / shortTonMile * (0.186 + 0.0016e-3 * 28 + 0.0054e-3 * 265)    // EPA Table 8 truck, 1284.105 kg
    static let railPerTonneKm = (0.021 + 0.0016e-3 * 28 + 0.0005e-3 * 265) / shortTonMile    // EPA Table 8 rail
    static let office = (436.655 + 0.025 * 28 + 0.003 * 265) * 0.45359237                   // eGRID2023 CAMX, 1 MWh
    static let plant = 1024.268                                                             // EPA Table 1 diesel, 100 gal

    let simulator: Simulator = {
        let accountant = Accountant(set: .builtIn, basis: .ar5)
        let (table, result) = accountant.account([
            activity(.transport(TransportActivity(mode: .road, distanceKm: 500, loadKg: 20_000, loadFactor: 0.5)), supplier: "haulier"),
            activity(.electricity(ElectricityActivity(kWh: 1000)), facility: "office", region: "US-CAMX"),
            activity(.combustion(CombustionActivity(fuel: .diesel, quantity: 100, unit: .gallon)), facility: "plant"),
        ])
        return Simulator(table: table, baseline: result, index: accountant.index)
    }()

    func run(_ levers: Lever...) throws -> SimulationResult {
        try simulator.simulate(Scenario(name: "test", levers: levers))
    }

    @Test func baselineIsTheAccountedPeriod() throws {
        let result = try run(.shiftMode(from: .road, to: .rail, share: 0, supplier: nil))
        #expect(isClose(result.baselineKg, Self.road + Self.office + Self.plant))
        #expect(result.deltaKg == 0)
    }

    // 30 % of 10,000 tkm moves to rail: Δ = 3000 tkm × (rail − road) per tkm.
    @Test func shiftingRoadTonneKmToRail() throws {
        let result = try run(.shiftMode(from: .road, to: .rail, share: 0.3, supplier: "haulier"))
        #expect(isClose(result.deltaKg, 3000 * Self.railPerTonneKm - 0.3 * Self.road))
        #expect(isClose(result.deltaKg, -341.7157255498376, relative: 1e-9))
        #expect(result.levers[0].affectedActivities == 1)
        #expect(result.factorsUsed.contains { $0.side == .scenario && $0.factorId == "epa2025-t8-freight-rail" })
        #expect(result.factorsUsed.contains { $0.side == .baseline && $0.factorId == "epa2025-t8-freight-road" })
        #expect(result.byScope.first { $0.label.hasPrefix("Scope 3 · 4") }.map { isClose($0.scenarioKg - $0.baselineKg, result.deltaKg) } == true)
    }

    // Load factor 0.5 → 0.8: the same tonne-km need 0.5 / 0.8 of the vehicle-km.
    @Test func raisingLoadFactors() throws {
        let result = try run(.raiseLoadFactor(mode: .road, loadFactor: 0.8, assumedCurrent: nil, supplier: nil))
        #expect(isClose(result.deltaKg, Self.road * (0.5 / 0.8 - 1)))
    }

    @Test func combinedLeversApplyInOrderAndAreAttributedSeparately() throws {
        let result = try run(
            .shiftMode(from: .road, to: .rail, share: 0.3, supplier: nil),
            .raiseLoadFactor(mode: .road, loadFactor: 0.8, assumedCurrent: nil, supplier: nil))
        #expect(isClose(result.levers[0].deltaKg, -341.7157255498376, relative: 1e-9))
        #expect(isClose(result.levers[1].deltaKg, 0.7 * Self.road * (0.5 / 0.8 - 1)))
        #expect(isClose(result.deltaKg, result.levers[0].deltaKg + result.levers[1].deltaKg))
    }

    // Certificates cut market-based Scope 2 only; location-based stays (Scope 2 Guidance).
    @Test func buyingRenewableElectricity() throws {
        let result = try run(.renewableElectricity(share: 0.5, supplier: nil, facility: "office"))
        #expect(result.deltaKg == 0)
        #expect(isClose(result.deltaMarketKg, -0.5 * Self.office))
    }

    // Our World in Data France 2023: 56.039 gCO2e/kWh.
    @Test func movingAFacilityToAnotherGrid() throws {
        let result = try run(.moveFacility(facility: "office", region: "FR"))
        #expect(isClose(result.deltaKg, 56.039 - Self.office))
    }

    // 100 gal × 0.138 mmBtu/gal = 13.8 mmBtu = 13,450.29 scf of natural gas (0.001026 mmBtu/scf, EPA Table 1).
    @Test func switchingFuelAtEqualEnergy() throws {
        let result = try run(.switchFuel(from: .diesel, to: .naturalGas, supplier: nil, facility: "plant"))
        let gas = 13.8 / 0.001026 * (0.05444 + 0.00103e-3 * 28 + 0.00010e-3 * 265)
        #expect(isClose(result.deltaKg, gas - Self.plant))
    }

    @Test func distanceBasedFreightCannotSwitchFuelWithoutFuelFactorsAndSaysWhy() throws {
        let result = try run(.switchFuel(from: .diesel, to: .naturalGas, supplier: nil, facility: nil))
        #expect(result.levers[0].notApplicable == 0)
        let trucks = Accountant(set: .builtIn, basis: .ar5).account([
            activity(.transport(TransportActivity(mode: .road, fuel: .diesel, tonneKm: 100)), supplier: "haulier")])
        let simulator = Simulator(table: trucks.table, baseline: trucks.result, index: Accountant(set: .builtIn, basis: .ar5).index)
        let outcome = try simulator.simulate(Scenario(name: "gas trucks", levers: [.switchFuel(from: .diesel, to: .naturalGas, supplier: nil, facility: nil)]))
        #expect(outcome.deltaKg == 0)
        #expect(outcome.levers[0].notApplicable == 1)
        #expect(outcome.levers[0].note?.contains("no fuel-specific factor") == true)
    }

    @Test func badScenariosAreRejected() {
        #expect(throws: CarbonError.self) { try run(.shiftMode(from: .road, to: .rail, share: 1.5, supplier: nil)) }
        #expect(throws: CarbonError.self) { try run(.shiftMode(from: .road, to: .rail, share: 0.5, supplier: "nobody")) }
        #expect(throws: CarbonError.self) { try simulator.simulate(Scenario(name: "empty", levers: [])) }
    }
}
