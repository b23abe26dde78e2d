import EcoCarbon
import Testing

/// Dual Scope 2 reporting on worked examples (GHG Protocol Scope 2 Guidance, Table 6.3 hierarchy).
struct Scope2Tests {
    /// A set with a grid factor of 0.4 kg CO2e/kWh and a residual mix of 0.5 in region XA only.
    static let set = FactorSet(name: "scope2", version: "1", factors: [
        factor("grid-xa", .electricity, "grid", region: "XA", unit: .kWh, co2e: 0.4, scope: .scope2),
        factor("grid-world", .electricity, "grid", unit: .kWh, co2e: 0.45, scope: .scope2),
        factor("residual-xa", .electricity, "residual_mix", region: "XA", unit: .kWh, co2e: 0.5, scope: .scope2),
    ])

    func line(_ electricity: ElectricityActivity, region: String = "XA") -> Provenance {
        account(activity(.electricity(electricity), facility: "office", region: region), set: Self.set).0
    }

    // 1000 kWh, 40 % covered by certificates at 0: location 1000 × 0.4 = 400 kg; market 600 × 0.5 (residual mix) = 300 kg.
    @Test func certificatesThenResidualMix() {
        let line = line(ElectricityActivity(kWh: 1000, instrument: ContractualInstrument(kind: .certificate, share: 0.4)))
        #expect(isClose(line.co2eKg, 400))
        #expect(isClose(line.marketKg, 300))
        #expect(line.marketBasis == .residualMix)
        #expect(line.marketFactorId == "residual-xa")
        #expect(line.instrumentShare == 0.4)
    }

    // 1000 kWh, half from a PPA at 0.05 kg/kWh, the rest at the supplier's 0.2: 500 × 0.05 + 500 × 0.2 = 125 kg.
    @Test func ppaThenSupplierRate() {
        let line = line(ElectricityActivity(kWh: 1000, instrument: ContractualInstrument(kind: .ppa, share: 0.5, rateKgPerKWh: 0.05), supplierRateKgPerKWh: 0.2))
        #expect(isClose(line.co2eKg, 400))
        #expect(isClose(line.marketKg, 125))
        #expect(line.marketBasis == .supplierSpecific)
    }

    @Test func fullyCoveredByCertificatesIsZeroMarketBased() {
        let line = line(ElectricityActivity(kWh: 1000, instrument: ContractualInstrument(kind: .greenTariff, share: 1)))
        #expect(line.marketKg == 0)
        #expect(line.marketBasis == .contractualInstrument)
        #expect(isClose(line.co2eKg, 400))
    }

    // No residual mix outside XA: the grid average stands in, disclosed as such (world factor 0.45 here).
    @Test func withoutAResidualMixTheGridAverageIsUsedAndDisclosed() {
        let line = line(ElectricityActivity(kWh: 1000, instrument: ContractualInstrument(kind: .certificate, share: 0.25)), region: "XB")
        #expect(isClose(line.co2eKg, 450))
        #expect(isClose(line.marketKg, 0.75 * 450))
        #expect(line.marketBasis == .gridAverage)
        #expect(line.fallback)
    }

    @Test func nonElectricityHasNoMarketFigure() {
        let (line, result) = account(activity(.combustion(CombustionActivity(fuel: .diesel, quantity: 1, unit: .gallon))))
        #expect(line.marketBasis == nil)
        #expect(result.marketKg[0] == result.locationKg[0])
    }
}

/// Recomputing a period under another set version.
struct RestatementTests {
    static let v1 = FactorSet(name: "corp", version: "2024.1", factors: [
        factor("diesel-v1", .combustion, "diesel", unit: .gallon, co2: 10.0),
        factor("grid-v1", .electricity, "grid", unit: .kWh, co2e: 0.5, scope: .scope2),
    ])
    static let v2 = FactorSet(name: "corp", version: "2025.1", factors: [
        factor("diesel-v2", .combustion, "diesel", unit: .gallon, co2: 10.21),
        factor("grid-v2", .electricity, "grid", unit: .kWh, co2e: 0.45, scope: .scope2),
        factor("r410a", .refrigerant, "R-410A", unit: .kg, co2e: 2088),
    ])

    // 100 gal diesel: 1000 → 1021 kg (+21); 2000 kWh: 1000 → 900 kg (−100); 1 kg R-410A: unaccounted → 2088 kg.
    @Test func bothFiguresAndTheDifferenceAreReported() {
        let table = ActivityTable([
            activity(.combustion(CombustionActivity(fuel: .diesel, quantity: 100, unit: .gallon))),
            activity(.electricity(ElectricityActivity(kWh: 2000)), region: "FR"),
            activity(.refrigerant(RefrigerantActivity(gas: "R-410A", kg: 1))),
        ])
        let restatement = Restatement.compare(table, original: FactorIndex(set: Self.v1), restated: FactorIndex(set: Self.v2))
        #expect(restatement.originalVersion == "2024.1")
        #expect(restatement.restatedVersion == "2025.1")
        #expect(isClose(restatement.originalKg, 2000))
        #expect(isClose(restatement.restatedKg, 1021 + 900 + 2088))
        #expect(isClose(restatement.differenceKg, 21 - 100 + 2088))
        #expect(restatement.originalUnaccounted == 1)
        #expect(restatement.restatedUnaccounted == 0)
        #expect(restatement.lines.map(\.subject) == ["R-410A", "grid", "diesel"])
        let diesel = restatement.lines[2]
        #expect(isClose(diesel.differenceKg, 21))
        #expect(diesel.originalFactorIds == ["diesel-v1"])
        #expect(diesel.restatedFactorIds == ["diesel-v2"])
    }
}
