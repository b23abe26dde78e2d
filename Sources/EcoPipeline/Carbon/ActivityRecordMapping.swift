import EcoCarbon
import EcoCore

/// Activities to and from the store's flat records. The records hold what the client sent (after
/// validation), so reading one back gives the same activity.
public enum ActivityRecordMapping {
    /// The store record of a validated activity.
    public static func record(_ a: Activity) -> CarbonActivityRecord {
        var d = CarbonActivityDetail()
        switch a.detail {
        case .transport(let t):
            (d.mode, d.vehicle, d.fuel) = (t.mode.rawValue, t.vehicle?.rawValue, t.fuel?.rawValue)
            (d.distanceKm, d.loadKg, d.tonneKm, d.loadFactor, d.emptyRunning) = (t.distanceKm, t.loadKg, t.tonneKm, t.loadFactor, t.emptyRunning)
            (d.quantity, d.unit) = (t.fuelQuantity, t.fuelUnit?.rawValue)
            (d.origin, d.destination, d.downstream) = (t.origin, t.destination, t.downstream)
        case .electricity(let e):
            (d.quantity, d.unit, d.supplierRate) = (e.kWh, CarbonUnit.kWh.rawValue, e.supplierRateKgPerKWh)
            instrument(e.instrument, into: &d)
        case .combustion(let c):
            (d.fuel, d.quantity, d.unit) = (c.fuel.rawValue, c.quantity, c.unit?.rawValue)
        case .refrigerant(let r):
            (d.gas, d.quantity, d.unit) = (r.gas, r.kg, CarbonUnit.kg.rawValue)
        case .facilityEnergy(let f):
            (d.carrier, d.quantity, d.unit) = (f.carrier.rawValue, f.quantity, f.unit.rawValue)
            instrument(f.instrument, into: &d)
        case .compute(let c):
            (d.quantity, d.unit) = (c.kWh, c.kWh == nil ? nil : CarbonUnit.kWh.rawValue)
            (d.cpuHours, d.wattsPerCpu, d.pue) = (c.cpuHours, c.wattsPerCPU, c.pue)
        }
        return CarbonActivityRecord(
            organization: a.organization, clientId: a.clientId, supplier: a.supplier, facility: a.facility, timeMs: a.timeMs, lat: a.lat,
            lng: a.lng, cell: a.cell, region: a.region, estimated: a.estimated, scope: a.scope?.rawValue, category: a.category?.rawValue,
            kind: a.kind.rawValue, detail: d)
    }

    /// The activity a stored record holds; nil for a record this version cannot read (an unknown kind or code).
    public static func activity(_ r: CarbonActivityRecord) -> Activity? {
        guard let kind = ActivityKind(rawValue: r.kind), let detail = detail(kind, r.detail) else { return nil }
        return Activity(
            clientId: r.clientId, organization: r.organization, supplier: r.supplier, facility: r.facility, timeMs: r.timeMs, lat: r.lat,
            lng: r.lng, cell: r.cell, region: r.region, estimated: r.estimated, scope: r.scope.flatMap(Scope.init(rawValue:)),
            category: r.category.flatMap(Scope3Category.init(rawValue:)), detail: detail)
    }

    private static func detail(_ kind: ActivityKind, _ d: CarbonActivityDetail) -> ActivityDetail? {
        let unit = d.unit.flatMap(CarbonUnit.init(text:))
        let fuel = d.fuel.flatMap(Fuel.init(rawValue:))
        switch kind {
        case .transport:
            guard let mode = d.mode.flatMap(TransportMode.init(rawValue:)) else { return nil }
            return .transport(TransportActivity(
                mode: mode, vehicle: d.vehicle.flatMap(VehicleType.init(rawValue:)), fuel: fuel, distanceKm: d.distanceKm, loadKg: d.loadKg,
                tonneKm: d.tonneKm, loadFactor: d.loadFactor, emptyRunning: d.emptyRunning, fuelQuantity: d.quantity, fuelUnit: unit,
                origin: d.origin, destination: d.destination, downstream: d.downstream))
        case .electricity:
            guard let kWh = d.quantity else { return nil }
            return .electricity(ElectricityActivity(kWh: kWh, instrument: instrument(d), supplierRateKgPerKWh: d.supplierRate))
        case .combustion:
            // A record without a unit was sent so: its unit is estimated when accounted (FuelUnitEstimator).
            guard let fuel, let quantity = d.quantity else { return nil }
            return .combustion(CombustionActivity(fuel: fuel, quantity: quantity, unit: unit))
        case .refrigerant:
            guard let gas = d.gas, let kg = d.quantity else { return nil }
            return .refrigerant(RefrigerantActivity(gas: gas, kg: kg))
        case .facilityEnergy:
            guard let carrier = d.carrier.flatMap(FacilityEnergyActivity.Carrier.init(rawValue:)), let quantity = d.quantity, let unit else { return nil }
            return .facilityEnergy(FacilityEnergyActivity(carrier: carrier, quantity: quantity, unit: unit, instrument: instrument(d)))
        case .compute:
            return .compute(ComputeActivity(kWh: d.quantity, cpuHours: d.cpuHours, wattsPerCPU: d.wattsPerCpu, pue: d.pue))
        }
    }

    private static func instrument(_ instrument: ContractualInstrument?, into d: inout CarbonActivityDetail) {
        guard let instrument else { return }
        (d.instrument, d.instrumentShare, d.instrumentRate) = (instrument.kind.rawValue, instrument.share, instrument.rateKgPerKWh)
    }

    private static func instrument(_ d: CarbonActivityDetail) -> ContractualInstrument? {
        guard let kind = d.instrument.flatMap(ContractualInstrument.Kind.init(rawValue:)) else { return nil }
        return ContractualInstrument(kind: kind, share: d.instrumentShare ?? 1, rateKgPerKWh: d.instrumentRate ?? 0)
    }
}
