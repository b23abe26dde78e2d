import EcoCarbon
import Testing

/// CO2e = quantity × the cited factor, for every activity type, against values computed by hand
/// from the published rows (the built-in set keeps each figure as published in `source.published`).
struct AccountingTests {
    // EPA GHG Emission Factors Hub (Jan 2025), Table 1, Distillate Fuel Oil No. 2: 10.21 kg CO2,
    // 0.41 g CH4, 0.08 g N2O per gallon. AR5: 10.21 + 0.00041 × 28 + 0.00008 × 265 = 10.24268 kg/gal.
    @Test func dieselCombustionIsGallonsTimesTheTable1Row() {
        let (line, _) = account(activity(.combustion(CombustionActivity(fuel: .diesel, quantity: 100, unit: .gallon))))
        #expect(line.factorId == "epa2025-t1-diesel")
        #expect(line.source?.table == "Table 1 Stationary Combustion")
        #expect(line.source?.row == "Distillate Fuel Oil No. 2")
        #expect(isClose(line.co2eKg, 1024.268))
        #expect(line.gwpBasis == .ar5)
        #expect(line.fallback == false)
    }

    // Same row under AR6 (CH4 27.9, N2O 273): 10.21 + 0.011439 + 0.02184 = 10.243279 kg/gal.
    @Test func gwpBasisIsSelectable() {
        let (line, _) = account(activity(.combustion(CombustionActivity(fuel: .diesel, quantity: 100, unit: .gallon))), basis: .ar6)
        #expect(isClose(line.co2eKg, 1024.3279))
        #expect(line.gwpBasis == .ar6)
    }

    // 378.5411784 L = 100 US gal; 13.8 mmBtu = 100 gal at Table 1's 0.138 mmBtu/gal.
    @Test(arguments: [(378.5411784, CarbonUnit.litre), (13.8, CarbonUnit.mmBtu)])
    func dieselInOtherUnitsConvertsToGallons(quantity: Double, unit: CarbonUnit) {
        let (line, _) = account(activity(.combustion(CombustionActivity(fuel: .diesel, quantity: quantity, unit: unit))))
        #expect(isClose(line.factorQuantity, 100))
        #expect(isClose(line.co2eKg, 1024.268))
    }

    // Table 1, Natural Gas: 0.05444 kg CO2, 0.00103 g CH4, 0.00010 g N2O per scf.
    @Test func naturalGasPerStandardCubicFoot() {
        let (line, _) = account(activity(.combustion(CombustionActivity(fuel: .naturalGas, quantity: 1000, unit: .standardCubicFoot))))
        #expect(isClose(line.co2eKg, 1000 * (0.05444 + 0.00103e-3 * 28 + 0.00010e-3 * 265)))
        #expect(isClose(line.co2eKg, 54.49534))
    }

    // Table 1, Biodiesel (100%): its 9.45 kg CO2/gal is biogenic (outside the scopes); only CH4 and N2O count.
    @Test func biodieselCO2IsBiogenic() {
        let (line, result) = account(activity(.combustion(CombustionActivity(fuel: .biodiesel, quantity: 10, unit: .gallon))))
        #expect(isClose(line.co2eKg, 10 * (0.00014 * 28 + 0.00001 * 265)))
        #expect(isClose(result.biogenicKg[0], 94.5))
    }

    // Table 8, Medium- and Heavy-Duty Truck: 0.186 kg CO2, 0.0016 g CH4, 0.0054 g N2O per short ton-mile.
    // 20 t × 500 km = 10,000 tkm = 6,849.45 short ton-miles.
    @Test func roadFreightIsTonneKmInShortTonMilesTimesTheTable8Row() {
        let truck = TransportActivity(mode: .road, distanceKm: 500, loadKg: 20_000)
        let (line, _) = account(activity(.transport(truck), supplier: "haulier"))
        #expect(line.factorId == "epa2025-t8-freight-road")
        #expect(isClose(line.factorQuantity, 10_000 / shortTonMile))
        #expect(isClose(line.co2eKg, 10_000 / shortTonMile * (0.186 + 0.0016e-3 * 28 + 0.0054e-3 * 265)))
        #expect(isClose(line.co2eKg, 1284.105168718424))
    }

    // Table 8 rows for the other modes (kg CO2, g CH4, g N2O per short ton-mile).
    @Test(arguments: [
        (TransportMode.rail, 0.021, 0.0016, 0.0005),
        (.sea, 0.077, 0.031, 0.002),
        (.inlandWaterway, 0.077, 0.031, 0.002),
        (.air, 1.086, 0.0, 0.0334),
    ])
    func everyModeUsesItsTable8Row(mode: TransportMode, co2: Double, ch4Grams: Double, n2oGrams: Double) {
        let (line, _) = account(activity(.transport(TransportActivity(mode: mode, tonneKm: 1000)), supplier: "carrier"))
        #expect(isClose(line.co2eKg, 1000 / shortTonMile * (co2 + ch4Grams / 1000 * 28 + n2oGrams / 1000 * 265)))
    }

    // Table 8, Medium- and Heavy-Duty Truck per vehicle-mile: 1.298 kg CO2, 0.0115 g CH4, 0.0376 g N2O.
    @Test func roadDistanceWithoutLoadIsPerVehicleMile() {
        let (line, _) = account(activity(.transport(TransportActivity(mode: .road, distanceKm: 160.9344)), supplier: "haulier"))
        #expect(line.factorId == "epa2025-t8-vehicle-road")
        #expect(isClose(line.co2eKg, 100 * (1.298 + 0.0115e-3 * 28 + 0.0376e-3 * 265)))
    }

    // Fuel-based transport uses the fuel's Table 1 row.
    @Test func transportWithFuelQuantityIsFuelBased() {
        let truck = TransportActivity(mode: .road, fuel: .diesel, distanceKm: 500, loadKg: 20_000, fuelQuantity: 100, fuelUnit: .gallon)
        let (line, _) = account(activity(.transport(truck), supplier: "haulier"))
        #expect(line.factorId == "epa2025-t1-diesel")
        #expect(isClose(line.co2eKg, 1024.268))
    }

    // eGRID2023 CAMX (WECC California): 436.655 lb CO2, 0.025 lb CH4, 0.003 lb N2O per MWh; 1 lb = 0.45359237 kg.
    @Test func electricityInAnEGridSubregion() {
        let (line, _) = account(activity(.electricity(ElectricityActivity(kWh: 1000)), region: "US-CAMX"))
        #expect(line.factorId == "egrid2023-camx")
        #expect(isClose(line.co2eKg, (436.655 + 0.025 * 28 + 0.003 * 265) * 0.45359237, relative: 1e-9))
    }

    // Our World in Data (Ember) France 2023: 56.039 gCO2e/kWh, published as CO2e (its basis stays AR5 under AR6).
    @Test func electricityPublishedAsCO2eKeepsItsBasis() {
        let (line, _) = account(activity(.electricity(ElectricityActivity(kWh: 10_000)), region: "FR"), basis: .ar6)
        #expect(line.factorId == "owid-ember-fr")
        #expect(isClose(line.co2eKg, 560.39))
        #expect(line.gwpBasis == .ar5)
        #expect(line.factorYear == 2023)
    }

    // R-410A is 50 % HFC-32 + 50 % HFC-125: AR5 0.5 × 677 + 0.5 × 3170 = 1923.5; AR6 0.5 × 771 + 0.5 × 3740 = 2255.5.
    @Test(arguments: [(GWPBasis.ar4, 2087.5), (.ar5, 1923.5), (.ar6, 2255.5)])
    func refrigerantLeakIsKgTimesTheBlendsGWP(basis: GWPBasis, perKg: Double) {
        let (line, _) = account(activity(.refrigerant(RefrigerantActivity(gas: "r-410a", kg: 10))), basis: basis)
        #expect(line.factorId == "blend-r-410a")
        #expect(isClose(line.co2eKg, 10 * perKg))
    }

    // Table 7, Steam and Heat: 66.33 kg CO2, 1.250 g CH4, 0.125 g N2O per mmBtu.
    @Test func purchasedSteamUsesTable7() {
        let steam = FacilityEnergyActivity(carrier: .steam, quantity: 100, unit: .mmBtu)
        let (line, _) = account(activity(.facilityEnergy(steam), facility: "plant"))
        #expect(line.factorId == "epa2025-t7-steam")
        #expect(isClose(line.co2eKg, 6639.8125))
    }

    // Google Cloud europe-west9: 34 gCO2e/kWh. CPU-hours: 1000 × 2.12 W × PUE 1.135 / 1000 = 2.4062 kWh.
    @Test func cloudComputeByEnergyAndByCPUHours() {
        let (metered, _) = account(activity(.compute(ComputeActivity(kWh: 100)), region: "gcp:europe-west9"))
        #expect(isClose(metered.co2eKg, 3.4))
        let (byCPU, _) = account(activity(.compute(ComputeActivity(cpuHours: 1000)), region: "gcp:europe-west9"))
        #expect(isClose(byCPU.factorQuantity, 2.4062))
        #expect(isClose(byCPU.co2eKg, 2.4062 * 0.034))
    }

    @Test func subregionWithoutItsOwnFactorFallsBackToTheCountryAndSaysSo() {
        let (line, result) = account(activity(.electricity(ElectricityActivity(kWh: 1000)), region: "DE-BY"))
        #expect(line.factorId == "owid-ember-de")
        #expect(line.fallback)
        #expect(line.fallbackReason == "no factor for region DE-BY; used DE")
        #expect(result.fallback[0] == 2)
    }

    @Test func specificVehicleFallsBackToTheModeFactorAndSaysSo() {
        let truck = TransportActivity(mode: .road, vehicle: .articulatedTruck, fuel: .diesel, tonneKm: 1000)
        let (line, _) = account(activity(.transport(truck), supplier: "haulier", region: "DE"))
        #expect(line.factorId == "epa2025-t8-freight-road")
        #expect(line.fallbackReason == "no factor for freight/road/articulated_truck/diesel; used the less specific freight/road; no factor for region DE; used WORLD")
    }

    @Test func activityWithoutAnyFactorIsUnaccountedNotZero() {
        let cooling = FacilityEnergyActivity(carrier: .cooling, quantity: 500, unit: .kWh)
        let (line, result) = account(activity(.facilityEnergy(cooling), facility: "dc"))
        #expect(line.status == .noFactor)
        #expect(line.co2eKg == nil)
        #expect(result.locationKg[0].isNaN)
        #expect(result.totalLocationKg == 0)
        #expect(result.unaccountedCount == 1)
        #expect(line.unaccountedReason?.contains("No steam factor for cooling in WORLD") == true)
    }

    @Test func gasUnitsThatCannotReachTheFactorAreUnaccounted() {
        // Natural gas in kg: Table 1 is per scf and carries no density, so no conversion exists.
        let (line, _) = account(activity(.combustion(CombustionActivity(fuel: .naturalGas, quantity: 10, unit: .kg))))
        #expect(line.status == .unitMismatch)
        #expect(line.unaccountedReason?.contains("per scf") == true)
    }
}
