import EcoCarbon
import Testing

/// The benchmark's synthetic chain is valid input, and its NDJSON form decodes back to it.
struct SyntheticChainTests {
    @Test func generatedActivitiesRoundTripThroughNDJSON() {
        var chain = SyntheticSupplyChain()
        chain.suppliers = 12
        chain.facilities = 3
        chain.days = 4
        let activities = chain.activities()
        #expect(activities.count == 12 * 6 * 4 + 3 * 3 * 4)
        let body = activities.map(ActivityJSON.line).joined(separator: "\n")
        let batch = ActivityDecoder.decode(Array(body.utf8), format: .ndjson)
        #expect(batch.errors.isEmpty, "\(batch.errors.prefix(3))")
        #expect(batch.activities.count == activities.count)
        // JSON numbers may come back one ulp off, so compare what matters: who, when, what, and the CO2e.
        #expect(batch.activities.map(\.supplier) == activities.map(\.supplier))
        #expect(batch.activities.map(\.timeMs) == activities.map(\.timeMs))
        #expect(batch.activities.map(\.kind) == activities.map(\.kind))
        let accountant = Accountant(set: .builtIn)
        let original = accountant.account(ActivityTable(activities)), decoded = accountant.account(ActivityTable(batch.activities))
        #expect(original.unaccountedCount == 0)
        #expect(isClose(decoded.totalLocationKg, original.totalLocationKg, relative: 1e-12))
    }

    /// A placed activity keeps its place (the demo's map and cell hotspots depend on it).
    @Test func aPlaceSurvivesTheNDJSONLine() throws {
        let placed = Activity(organization: "acme", facility: "hq", timeMs: 1_741_000_000_000, lat: 45.76, lng: 4.84, cell: 0x0871_fb46_62ff_ffff,
                              region: "FR", detail: .electricity(ElectricityActivity(kWh: 100)))
        let batch = ActivityDecoder.decode(Array(ActivityJSON.line(placed).utf8), format: .ndjson)
        let decoded = try #require(batch.activities.first, "\(batch.errors)")
        #expect(decoded.lat == 45.76 && decoded.lng == 4.84)
        #expect(decoded.cell == placed.cell)
    }
}

/// Simulating in two halves on two cores gives the same answer as one pass.
struct ParallelSimulationTests {
    /// A simulator over ten days of a 20-supplier chain with 4 own facilities.
    static func smallChain() -> Simulator {
        var chain = SyntheticSupplyChain()
        chain.suppliers = 20
        chain.facilities = 4
        chain.days = 10
        let accountant = Accountant(set: .builtIn)
        let (table, result) = accountant.account(chain.activities())
        return Simulator(table: table, baseline: result, index: accountant.index)
    }

    @Test func twoHalvesEqualOnePass() throws {
        var simulator = ParallelSimulationTests.smallChain()
        let scenario = Scenario(name: "mix", levers: [
            .shiftMode(from: .road, to: .rail, share: 0.3, supplier: nil),
            .raiseLoadFactor(mode: .road, loadFactor: 0.85, assumedCurrent: 0.6, supplier: nil),
            .renewableElectricity(share: 0.5, supplier: nil, facility: nil),
            .moveFacility(facility: "acme-site-1", region: "FR"),
        ])
        simulator.parallelRows = .max
        let single = try simulator.simulate(scenario)
        simulator.parallelRows = 1
        let split = try simulator.simulate(scenario)
        #expect(isClose(split.scenarioKg, single.scenarioKg, relative: 1e-12))
        #expect(isClose(split.scenarioMarketKg, single.scenarioMarketKg, relative: 1e-12))
        #expect(split.levers.map(\.affectedActivities) == single.levers.map(\.affectedActivities))
        #expect(split.factorsUsed == single.factorsUsed)
        #expect(single.deltaKg < 0)
    }
}

/// Summing rows per class (rows alike but for quantity and utilisation) gives what tracing every row gives.
struct ProportionalSimulationTests {
    static let scenarios: [(Scenario, RowFilter)] = [
        (Scenario(name: "every lever", levers: [
            .shiftMode(from: .road, to: .rail, share: 0.3, supplier: nil),
            .raiseLoadFactor(mode: .road, loadFactor: 0.85, assumedCurrent: 0.6, supplier: nil),
            .switchFuel(from: .diesel, to: .naturalGas, supplier: nil, facility: nil),
            .renewableElectricity(share: 0.5, supplier: nil, facility: nil),
            .moveFacility(facility: "acme-site-1", region: "FR"),
        ]), .all),
        (Scenario(name: "no load factors", levers: [
            .shiftMode(from: .sea, to: .rail, share: 0.2, supplier: nil),
            .switchFuel(from: .naturalGas, to: .diesel, supplier: nil, facility: nil),
            .moveFacility(facility: "acme-site-2", region: "US-CAMX"),
        ]), RowFilter(fromMs: 1_735_689_600_000 + 3 * 86_400_000)),
        (Scenario(name: "one supplier", levers: [.shiftMode(from: .road, to: .rail, share: 0.4, supplier: "supplier-3")]), RowFilter(supplier: "supplier-3")),
    ]

    @Test(arguments: 0..<3) func classSumsEqualRowByRow(_ k: Int) throws {
        var simulator = ParallelSimulationTests.smallChain()
        let (scenario, filter) = Self.scenarios[k]
        simulator.proportional = false
        let rows = try simulator.simulate(scenario, filter: filter)
        simulator.proportional = true
        let classes = try simulator.simulate(scenario, filter: filter)
        #expect(rows.deltaKg != 0)
        #expect(isClose(classes.scenarioKg, rows.scenarioKg, relative: 1e-12))
        #expect(isClose(classes.scenarioMarketKg, rows.scenarioMarketKg, relative: 1e-12))
        #expect(classes.baselineKg == rows.baselineKg)
        for (a, b) in zip(classes.levers, rows.levers) {
            #expect(a.affectedActivities == b.affectedActivities && a.notApplicable == b.notApplicable && a.note == b.note)
            #expect(isClose(a.deltaKg, b.deltaKg, relative: 1e-9) && isClose(a.deltaMarketKg, b.deltaMarketKg, relative: 1e-9))
        }
        #expect(classes.byScope.map(\.label) == rows.byScope.map(\.label))
        for (a, b) in zip(classes.byScope, rows.byScope) { #expect(isClose(a.scenarioKg, b.scenarioKg, relative: 1e-12)) }
        #expect(classes.factorsUsed == rows.factorsUsed)
    }
}
