import EcoCarbon
import EcoCore
import Testing

@testable import EcoPipeline

/// The carbon services' translations: activities to store records and back, factor sets to rows and
/// back, levers to JSON and back, and bodies decoded in parts exactly as EcoCarbon decodes them whole.
@Suite struct CarbonMappingTests {
    static let special: [Activity] = [
        Activity(clientId: "c1", organization: "acme", supplier: "haulier", facility: "dock", timeMs: 1_740_000_000_000, lat: 48.85, lng: 2.35,
                 region: "FR", estimated: true, scope: .scope3, category: .downstreamTransportation,
                 detail: .transport(TransportActivity(mode: .road, vehicle: .rigidTruck, fuel: .diesel, distanceKm: 120, loadKg: 8_000,
                                                      tonneKm: 960, loadFactor: 0.7, emptyRunning: 0.2, fuelQuantity: 45, fuelUnit: .litre,
                                                      origin: "Lille", destination: "Paris", downstream: true))),
        Activity(organization: "acme", facility: "hq", timeMs: 1_740_000_000_000, cell: Spatial.cell(hex: "872830828ffffff"), region: "US-CAMX",
                 detail: .electricity(ElectricityActivity(kWh: 1_250, instrument: ContractualInstrument(kind: .ppa, share: 0.4, rateKgPerKWh: 0.01),
                                                          supplierRateKgPerKWh: 0.2))),
        Activity(organization: "acme", facility: "plant", timeMs: 1_740_000_000_000,
                 detail: .facilityEnergy(FacilityEnergyActivity(carrier: .electricity, quantity: 3, unit: .MWh,
                                                                instrument: ContractualInstrument(kind: .greenTariff, share: 1)))),
        Activity(organization: "acme", facility: "plant", timeMs: 1_740_000_000_000, detail: .facilityEnergy(FacilityEnergyActivity(carrier: .steam, quantity: 40, unit: .GJ))),
        Activity(organization: "acme", timeMs: 1_740_000_000_000, region: "gcp:europe-west1", detail: .compute(ComputeActivity(kWh: 320))),
        Activity(organization: "acme", timeMs: 1_740_000_000_000, detail: .compute(ComputeActivity(cpuHours: 720, wattsPerCPU: 3, pue: 1.2))),
        Activity(organization: "acme", facility: "store", timeMs: 1_740_000_000_000, detail: .refrigerant(RefrigerantActivity(gas: "R-404A", kg: 3.2))),
        Activity(organization: "acme", facility: "plant", timeMs: 1_740_000_000_000, detail: .combustion(CombustionActivity(fuel: .coal, quantity: 2, unit: .shortTon))),
    ]

    @Test func activitiesComeBackFromTheirStoreRecordsUnchanged() {
        var chain = SyntheticSupplyChain()
        chain.suppliers = 20
        chain.days = 5
        for activity in Self.special + chain.activities() {
            #expect(ActivityRecordMapping.activity(ActivityRecordMapping.record(activity)) == activity)
        }
    }

    @Test func theBuiltInSetComesBackFromItsRowsUnchanged() throws {
        let rows = FactorSet.builtIn.factors.map(FactorRowMapping.row)
        let set = try FactorRowMapping.set(rows, name: FactorSet.builtIn.name, version: FactorSet.builtIn.version)
        #expect(set.factors == FactorSet.builtIn.factors)
    }

    @Test(arguments: [
        Lever.shiftMode(from: .road, to: .rail, share: 0.3, supplier: "haulier"),
        Lever.shiftMode(from: .air, to: .sea, share: 1, supplier: nil),
        Lever.raiseLoadFactor(mode: .road, loadFactor: 0.85, assumedCurrent: 0.6, supplier: nil),
        Lever.switchFuel(from: .diesel, to: .naturalGas, supplier: nil, facility: "plant"),
        Lever.renewableElectricity(share: 0.5, supplier: "mill", facility: nil),
        Lever.moveFacility(facility: "plant", region: "FR"),
    ])
    func leversComeBackFromTheirJSON(lever: Lever) throws {
        #expect(try LeverJSON.decode(LeverJSON.encode(lever), position: 0) == lever)
    }

    static func records(_ batch: ActivityBatch) -> [String] {
        zip(batch.activities, batch.positions).map { "\($0.1.index)/\($0.1.line ?? -1)/\($0.0.clientId ?? "")" }
            + batch.errors.map { "\($0.index)/\($0.line ?? -1)/\($0.field ?? "")/\($0.reason)" }
    }

    @Test(arguments: [2, 3, 7])
    func anNDJSONBodyDecodedInPartsGivesWhatTheWholeGives(parts: Int) {
        var lines: [String] = []
        for k in 0..<40 {
            switch k % 7 {
            case 3: lines.append("")
            case 5: lines.append(#"{"type":"transport","organization":"acme","time":"2025-03-01","mode":"teleport","clientId":"x\#(k)"}"#)
            case 6: lines.append("{broken")
            default: lines.append(#"{"type":"electricity","organization":"acme","time":"2025-03-01","kWh":\#(k),"clientId":"e\#(k)"}"#)
            }
        }
        let body = Array((lines.joined(separator: "\n") + "\n").utf8)
        let layout = ActivityBodyLayout(body, csv: false)
        let split = ParallelActivityDecoder.decode(body, format: .ndjson, layout: layout, ranges: ParallelActivityDecoder.split(layout, parts: parts))
        #expect(Self.records(split) == Self.records(ActivityDecoder.decode(body, format: .ndjson)))
    }

    @Test(arguments: [2, 4])
    func aCSVBodyDecodedInPartsGivesWhatTheWholeGives(parts: Int) {
        var rows = ["type,organization,time,kWh,clientId,facility"]
        for k in 0..<30 {
            switch k % 6 {
            case 2: rows.append("electricity,acme,2025-03-01,\(k),q\(k),\"Hall \(k)\nwest wing\"")
            case 4: rows.append("electricity,acme,never,\(k),bad\(k),x")
            default: rows.append("electricity,acme,2025-03-01,\(k),e\(k),\"plant, \(k)\"")
            }
        }
        let body = Array(rows.joined(separator: "\r\n").utf8)
        let layout = ActivityBodyLayout(body, csv: true)
        let split = ParallelActivityDecoder.decode(body, format: .csv, layout: layout, ranges: ParallelActivityDecoder.split(layout, parts: parts))
        let whole = ActivityDecoder.decode(body, format: .csv)
        #expect(whole.activities.count == 25)
        #expect(Self.records(split) == Self.records(whole))
    }
}
