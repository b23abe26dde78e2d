import EcoCarbon
import Testing

/// The GHG-Protocol-shaped inventory of a worked example.
struct InventoryTests {
    @Test func inventoryByScopeWithDualScope2CitationsAndQuality() {
        let accountant = Accountant(set: .builtIn, basis: .ar5)
        let (table, result) = accountant.account([
            activity(.combustion(CombustionActivity(fuel: .diesel, quantity: 100, unit: .gallon)), facility: "plant"),
            activity(.electricity(ElectricityActivity(kWh: 1000, instrument: ContractualInstrument(kind: .certificate, share: 1))), facility: "office", region: "US-CAMX"),
            activity(.transport(TransportActivity(mode: .road, tonneKm: 10_000)), supplier: "haulier", estimated: true),
            activity(.facilityEnergy(FacilityEnergyActivity(carrier: .cooling, quantity: 10, unit: .kWh)), facility: "dc"),
        ])
        let report = InventoryReport.build(table, result, index: accountant.index, groupBy: .supplier)
        let road = 10_000 / shortTonMile * (0.186 + 0.0016e-3 * 28 + 0.0054e-3 * 265)
        #expect(isClose(report.scope1Kg, 1024.268))
        #expect(isClose(report.scope2LocationKg, (436.655 + 0.025 * 28 + 0.003 * 265) * 0.45359237))
        #expect(report.scope2MarketKg == 0)
        #expect(isClose(report.scope3Kg, road))
        #expect(isClose(report.totalMarketKg, 1024.268 + road))
        #expect(report.unaccountedActivities == 1)
        #expect(report.lines.map(\.label) == ["Scope 1", "Scope 2", "Scope 3 · 4 Upstream transportation and distribution"])
        #expect(report.lines[0].factors.map(\.factorId) == ["epa2025-t1-diesel"])
        #expect(report.lines[0].factors[0].source.row == "Distillate Fuel Oil No. 2")
        #expect(report.lines[1].unaccounted == 1)
        let estimated = road / (1024.268 + road + (436.655 + 0.025 * 28 + 0.003 * 265) * 0.45359237) * 100
        #expect(isClose(report.estimatedPercent, estimated))
        #expect(report.dataQuality == "\(Int((100 - estimated).rounded()))% measured | \(Int(estimated.rounded()))% estimated")
        #expect(report.groups.map(\.labels) == [["haulier"]])
        #expect(report.setVersion == FactorSet.builtInVersion)
    }
}
