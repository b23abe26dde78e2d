import EcoCore

/// Writes an activity as one NDJSON line in the API's field names (for benchmarks and demos).
public enum ActivityJSON {
    public static func line(_ a: Activity) -> String {
        var fields: [String] = ["\"type\":\"\(a.kind.rawValue)\"", "\"organization\":\"\(a.organization)\"", "\"time\":\(a.timeMs)"]
        func add(_ name: String, _ value: String?) { if let value { fields.append("\"\(name)\":\"\(value)\"") } }
        func add(_ name: String, _ value: Double?) { if let value { fields.append("\"\(name)\":\(value)") } }
        add("supplier", a.supplier)
        add("facility", a.facility)
        add("region", a.region)
        add("lat", a.lat); add("lng", a.lng); add("h3Index", a.cell.map(Spatial.hex))
        if a.estimated { add("dataQuality", "estimated") }
        switch a.detail {
        case .transport(let t):
            add("mode", t.mode.rawValue); add("vehicle", t.vehicle?.rawValue); add("fuel", t.fuel?.rawValue)
            add("distanceKm", t.distanceKm); add("loadKg", t.loadKg); add("tonneKm", t.tonneKm); add("loadFactor", t.loadFactor)
            add("emptyRunning", t.emptyRunning); add("fuelQuantity", t.fuelQuantity); add("fuelUnit", t.fuelUnit?.rawValue)
            add("origin", t.origin); add("destination", t.destination)
        case .electricity(let e):
            add("kWh", e.kWh); add("instrument", e.instrument?.kind.rawValue); add("instrumentShare", e.instrument?.share)
            add("instrumentRate", e.instrument?.rateKgPerKWh); add("supplierRate", e.supplierRateKgPerKWh)
        case .combustion(let c):
            add("fuel", c.fuel.rawValue); add("quantity", c.quantity); add("unit", c.unit?.rawValue)
        case .refrigerant(let r):
            add("gas", r.gas); add("kg", r.kg)
        case .facilityEnergy(let f):
            add("carrier", f.carrier.rawValue); add("quantity", f.quantity); add("unit", f.unit.rawValue)
            add("instrument", f.instrument?.kind.rawValue); add("instrumentShare", f.instrument?.share)
        case .compute(let c):
            add("kWh", c.kWh); add("cpuHours", c.cpuHours); add("wattsPerCpu", c.wattsPerCPU); add("pue", c.pue)
        }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
