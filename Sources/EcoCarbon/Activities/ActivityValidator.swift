/// Checks an activity for missing, impossible or mismatched figures before it is accounted.
///
/// Throws the first problem found, naming the field and saying how to fix it.
public enum ActivityValidator {
    /// Earliest and latest accepted times: 1990-01-01 and 2100-01-01 UTC.
    static let timeRange: ClosedRange<Int64> = 631_152_000_000...4_102_444_800_000

    /// Throws ``CarbonError/invalidActivity(field:reason:)`` for the first problem of `activity`.
    public static func validate(_ activity: Activity) throws(CarbonError) {
        if activity.organization.trimmingSpaces().isEmpty {
            throw fail("organization", "is empty; send the reporting organization's name or id, e.g. acme")
        }
        guard timeRange.contains(activity.timeMs) else {
            throw fail("time", "is outside 1990…2100; send RFC 3339 (2025-03-01T08:00:00Z) or epoch milliseconds")
        }
        switch (activity.lat, activity.lng) {
        case (nil, nil): break
        case let (lat?, lng?):
            guard (-90...90).contains(lat) else { throw fail("lat", "\(lat) is not a latitude; send degrees in -90…90") }
            guard (-180...180).contains(lng) else { throw fail("lng", "\(lng) is not a longitude; send degrees in -180…180") }
        default: throw fail("lat", "lat and lng come together; send both or neither")
        }
        switch activity.detail {
        case .transport(let transport): try TransportValidator.validate(transport)
        case .electricity(let electricity):
            try nonNegative(electricity.kWh, "kWh", example: "1250")
            try validate(electricity.instrument)
            if let rate = electricity.supplierRateKgPerKWh { try emissionRate(rate, "supplierRate") }
        case .combustion(let combustion):
            guard combustion.fuel.isCombustible else {
                throw fail("fuel", "electricity is not burned; send it as an electricity activity")
            }
            try nonNegative(combustion.quantity, "quantity", example: "400")
            if let fuelUnit = combustion.unit { try unit(fuelUnit, field: "unit", allowed: [.volume, .mass, .energy], what: "a fuel quantity") }
        case .refrigerant(let refrigerant):
            if refrigerant.gas.trimmingSpaces().isEmpty { throw fail("gas", "is empty; send the gas, e.g. R-410A or HFC-134a") }
            try nonNegative(refrigerant.kg, "kg", example: "2.5")
            if refrigerant.kg > 100_000 { throw fail("kg", "\(refrigerant.kg) kg of refrigerant in one record is not plausible; check the unit (kg)") }
        case .facilityEnergy(let energy):
            try nonNegative(energy.quantity, "quantity", example: "1200")
            try unit(energy.unit, field: "unit", allowed: [.energy], what: "facility energy")
            if energy.carrier != .electricity, energy.instrument != nil {
                throw fail("instrument", "contractual instruments apply to electricity only; remove it or use carrier electricity")
            }
            try validate(energy.instrument)
        case .compute(let compute):
            guard compute.kWh != nil || compute.cpuHours != nil else {
                throw fail("kWh", "a compute activity needs kWh or cpuHours; send one of them")
            }
            if let kWh = compute.kWh { try nonNegative(kWh, "kWh", example: "320") }
            if let hours = compute.cpuHours { try nonNegative(hours, "cpuHours", example: "720") }
            if let watts = compute.wattsPerCPU, !(watts > 0 && watts <= 1000) {
                throw fail("wattsPerCpu", "\(watts) W per CPU is not plausible; send 0 < W ≤ 1000 or leave it out for the default")
            }
            if let pue = compute.pue, !(1...3).contains(pue) {
                throw fail("pue", "\(pue) is not a power usage effectiveness; send 1 … 3 or leave it out for the default")
            }
        }
    }

    private static func validate(_ instrument: ContractualInstrument?) throws(CarbonError) {
        guard let instrument else { return }
        guard (0...1).contains(instrument.share) else {
            throw fail("instrumentShare", "\(instrument.share) is not a share; send 0 … 1 (0.4 for 40 %)")
        }
        try emissionRate(instrument.rateKgPerKWh, "instrumentRate")
    }

    /// A grid or supplier rate in kg CO2e/kWh: the dirtiest plants emit about 1.2, so more than 2 is a unit error.
    private static func emissionRate(_ rate: Double, _ field: String) throws(CarbonError) {
        guard rate.isFinite, rate >= 0, rate <= 2 else {
            throw fail(field, "\(rate) kg CO2e/kWh is not a plausible emission rate (0 … 2); send kg per kWh, not g")
        }
    }

    static func nonNegative(_ value: Double, _ field: String, example: String) throws(CarbonError) {
        guard value.isFinite, value >= 0 else {
            throw fail(field, "\(value) is negative or not a number; send a quantity ≥ 0, e.g. \(example)")
        }
    }

    static func unit(_ unit: CarbonUnit, field: String, allowed: Set<CarbonUnit.Dimension>, what: String) throws(CarbonError) {
        guard allowed.contains(unit.dimension) else {
            throw fail(field, "\(unit.rawValue) measures \(unit.dimension.rawValue), which does not fit \(what); send one of \(CarbonUnit.symbols(of: allowed))")
        }
    }

    static func fail(_ field: String, _ reason: String) -> CarbonError {
        .invalidActivity(field: field, reason: reason)
    }
}
