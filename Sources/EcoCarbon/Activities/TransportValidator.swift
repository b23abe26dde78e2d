/// Checks a freight movement: vehicle and fuel fit the mode, distances and loads are possible,
/// and the figures agree with each other.
enum TransportValidator {
    static func validate(_ t: TransportActivity) throws(CarbonError) {
        if let vehicle = t.vehicle, vehicle.mode != t.mode {
            throw ActivityValidator.fail("vehicle", "\(vehicle.rawValue) is a \(vehicle.mode.rawValue) vehicle, not \(t.mode.rawValue); send a \(t.mode.rawValue) vehicle (\(vehicles(of: t.mode))) or fix the mode")
        }
        if let fuel = t.fuel, !t.mode.fuels.contains(fuel) {
            throw ActivityValidator.fail("fuel", "\(t.mode.rawValue) transport does not run on \(fuel.rawValue); send one of \(t.mode.fuels.map(\.rawValue).joined(separator: ", "))")
        }
        if let distance = t.distanceKm {
            try ActivityValidator.nonNegative(distance, "distanceKm", example: "420")
            guard distance <= t.mode.maxLegKm else {
                throw ActivityValidator.fail("distanceKm", "\(distance) km is longer than any single \(t.mode.rawValue) leg (≤ \(Int(t.mode.maxLegKm)) km); split the trip into legs or check the unit (km)")
            }
        }
        if let load = t.loadKg {
            try ActivityValidator.nonNegative(load, "loadKg", example: "12000")
            let limit = t.vehicle?.maxPayloadTonnes ?? t.mode.maxLoadTonnes
            guard load / 1000 <= limit else {
                let what = t.vehicle.map { "a vehicle of type \($0.rawValue)" } ?? "any \(t.mode.rawValue) vehicle"
                throw ActivityValidator.fail("loadKg", "\(load / 1000) t is more than \(what) can carry (≤ \(limit) t); check the unit (kg) or split the load")
            }
        }
        if let tonneKm = t.tonneKm {
            try ActivityValidator.nonNegative(tonneKm, "tonneKm", example: "5040")
            if let load = t.loadKg, let distance = t.distanceKm {
                let expected = load / 1000 * distance
                guard abs(tonneKm - expected) <= 0.01 * max(expected, 1) else {
                    throw ActivityValidator.fail("tonneKm", "\(tonneKm) disagrees with loadKg × distanceKm / 1000 = \(expected); send one or make them agree")
                }
            }
        }
        if let loadFactor = t.loadFactor, !(loadFactor > 0 && loadFactor <= 1) {
            throw ActivityValidator.fail("loadFactor", "\(loadFactor) is not a load factor; send a share 0 < x ≤ 1 (0.8 for 80 %)")
        }
        if let empty = t.emptyRunning, !(empty >= 0 && empty < 1) {
            throw ActivityValidator.fail("emptyRunning", "\(empty) is not an empty-running share; send 0 ≤ x < 1 (0.25 for 25 %)")
        }
        switch (t.fuelQuantity, t.fuelUnit) {
        case let (quantity?, unit?):
            try ActivityValidator.nonNegative(quantity, "fuelQuantity", example: "310")
            try ActivityValidator.unit(unit, field: "fuelUnit", allowed: [.volume, .mass, .energy], what: "a fuel quantity")
            guard let fuel = t.fuel, fuel.isCombustible else {
                throw ActivityValidator.fail("fuel", "a fuel quantity needs the fuel burned; send fuel, e.g. diesel")
            }
        case (nil, nil): break
        case (_?, nil): throw ActivityValidator.fail("fuelUnit", "fuelQuantity needs its unit; send e.g. L, gal, kg or kWh")
        case (nil, _?): throw ActivityValidator.fail("fuelQuantity", "fuelUnit was sent without fuelQuantity; send both or neither")
        }
        guard t.fuelQuantity != nil || t.freightTonneKm != nil || t.distanceKm != nil else {
            let without = t.mode == .road ? "distanceKm alone (accounted per vehicle-km)" : "distanceKm alone (the load is then estimated from history and marked estimated)"
            throw ActivityValidator.fail("tonneKm", "a \(t.mode.rawValue) movement needs tonneKm, or loadKg and distanceKm, or a fuel quantity, or \(without)")
        }
    }

    private static func vehicles(of mode: TransportMode) -> String {
        VehicleType.allCases.filter { $0.mode == mode }.map(\.rawValue).joined(separator: ", ")
    }
}
