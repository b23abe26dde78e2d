import EcoCore
import EcoTime

/// Reads one record's fields (any format) into an ``Activity``, then validates it.
struct ActivityRecordReader {
    let fields: [String: FieldValue]

    func read() throws(CarbonError) -> Activity {
        guard let typeText = try text("type") else {
            throw fail("type", "is missing; send one of \(kinds)")
        }
        guard let kind = ActivityKind(rawValue: typeText.lowercased().replacingSpacesAndDashes()) else {
            throw fail("type", "'\(typeText)' is not an activity type; send one of \(kinds)")
        }
        guard let organization = try text("organization") else {
            throw fail("organization", "is missing; send the reporting organization's name or id")
        }
        var activity = Activity(
            clientId: try text("clientId"), organization: organization, supplier: try text("supplier"),
            facility: try text("facility"), timeMs: try time(), lat: try number("lat"), lng: try number("lng"),
            cell: try cell(), region: try text("region").map { $0.uppercasedRegion() }, estimated: try estimated(),
            detail: try detail(kind))
        try scope(into: &activity)
        try ActivityValidator.validate(activity)
        return activity
    }

    private var kinds: String { ActivityKind.allCases.map(\.rawValue).joined(separator: ", ") }

    private func detail(_ kind: ActivityKind) throws(CarbonError) -> ActivityDetail {
        switch kind {
        case .transport:
            guard let modeText = try text("mode") else { throw fail("mode", "is missing; send one of \(names(TransportMode.allCases))") }
            guard let mode = TransportMode(rawValue: modeText.lowercased().replacingSpacesAndDashes()) else {
                throw fail("mode", "'\(modeText)' is not a transport mode; send one of \(names(TransportMode.allCases))")
            }
            var transport = TransportActivity(
                mode: mode, vehicle: try vehicle(), fuel: try fuel(required: false), distanceKm: try number("distanceKm"),
                loadKg: try number("loadKg"), tonneKm: try number("tonneKm"), loadFactor: try number("loadFactor"),
                emptyRunning: try number("emptyRunning"), fuelQuantity: try number("fuelQuantity"), fuelUnit: try unit("fuelUnit"),
                origin: try text("origin"), destination: try text("destination"))
            if let direction = try text("direction") {
                switch direction.lowercased() {
                case "upstream", "inbound": transport.downstream = false
                case "downstream", "outbound": transport.downstream = true
                default: throw fail("direction", "'\(direction)' is not a direction; send upstream or downstream")
                }
            }
            return .transport(transport)
        case .electricity:
            return .electricity(ElectricityActivity(
                kWh: try required("kWh", example: "1250"), instrument: try instrument(),
                supplierRateKgPerKWh: try number("supplierRate")))
        case .combustion:
            return .combustion(CombustionActivity(
                fuel: try fuel(required: true)!, quantity: try required("quantity", example: "400"), unit: try unitOrUnknown()))
        case .refrigerant:
            guard let gas = try text("gas") else { throw fail("gas", "is missing; send the gas, e.g. R-410A") }
            return .refrigerant(RefrigerantActivity(gas: gas, kg: try required("kg", example: "2.5")))
        case .facilityEnergy:
            let carrierText = try text("carrier") ?? ""
            guard let carrier = FacilityEnergyActivity.Carrier(rawValue: carrierText.lowercased()) else {
                throw fail("carrier", "'\(carrierText)' is not an energy carrier; send one of \(names(FacilityEnergyActivity.Carrier.allCases))")
            }
            return .facilityEnergy(FacilityEnergyActivity(
                carrier: carrier, quantity: try required("quantity", example: "1200"), unit: try requiredUnit(),
                instrument: try instrument()))
        case .compute:
            return .compute(ComputeActivity(
                kWh: try number("kWh"), cpuHours: try number("cpuHours"), wattsPerCPU: try number("wattsPerCpu"),
                pue: try number("pue")))
        }
    }

    private func vehicle() throws(CarbonError) -> VehicleType? {
        guard let text = try text("vehicle") else { return nil }
        guard let vehicle = VehicleType(rawValue: text.lowercased().replacingSpacesAndDashes()) else {
            throw fail("vehicle", "'\(text)' is not a vehicle type; send one of \(names(VehicleType.allCases))")
        }
        return vehicle
    }

    private func fuel(required: Bool) throws(CarbonError) -> Fuel? {
        guard let text = try text("fuel") else {
            if required { throw fail("fuel", "is missing; send one of \(names(Fuel.allCases.filter(\.isCombustible)))") }
            return nil
        }
        guard let fuel = Fuel(text: text) else {
            throw fail("fuel", "'\(text)' is not a known fuel; send one of \(names(Fuel.allCases))")
        }
        return fuel
    }

    private func instrument() throws(CarbonError) -> ContractualInstrument? {
        guard let kindText = try text("instrument") else {
            if try number("instrumentShare") != nil { throw fail("instrument", "instrumentShare needs the instrument kind; send one of \(names(ContractualInstrument.Kind.allCases))") }
            return nil
        }
        guard let kind = ContractualInstrument.Kind(rawValue: kindText.lowercased().replacingSpacesAndDashes()) else {
            throw fail("instrument", "'\(kindText)' is not an instrument; send one of \(names(ContractualInstrument.Kind.allCases))")
        }
        return ContractualInstrument(kind: kind, share: try number("instrumentShare") ?? 1, rateKgPerKWh: try number("instrumentRate") ?? 0)
    }

    private func unit(_ name: String) throws(CarbonError) -> CarbonUnit? {
        guard let text = try text(name) else { return nil }
        guard let unit = CarbonUnit(text: text) else {
            throw fail(name, "'\(text)' is not a known unit; send one of \(names(CarbonUnit.allCases))")
        }
        return unit
    }

    /// A fuel's unit, nil when absent or `unknown` (estimated from the fuel's history when accounted).
    private func unitOrUnknown() throws(CarbonError) -> CarbonUnit? {
        if let text = try text("unit"), text.lowercased() == "unknown" { return nil }
        return try unit("unit")
    }

    private func requiredUnit() throws(CarbonError) -> CarbonUnit {
        guard let unit = try unit("unit") else { throw fail("unit", "is missing; send the quantity's unit, e.g. L, kg, kWh") }
        return unit
    }

    private func scope(into activity: inout Activity) throws(CarbonError) {
        if let scope = try number("scope") {
            guard let value = Scope(rawValue: Int(scope)), Double(value.rawValue) == scope else {
                throw fail("scope", "\(scope) is not a GHG Protocol scope; send 1, 2 or 3")
            }
            activity.scope = value
        }
        if let category = try number("category") {
            guard let value = Scope3Category(rawValue: Int(category)), Double(value.rawValue) == category else {
                throw fail("category", "\(category) is not a Scope 3 category; send 1 … 15")
            }
            guard activity.scope == nil || activity.scope == .scope3 else {
                throw fail("category", "a Scope 3 category needs scope 3; drop the category or set scope 3")
            }
            activity.scope = .scope3
            activity.category = value
        }
    }

    private func estimated() throws(CarbonError) -> Bool {
        guard let text = try text("dataQuality") else { return false }
        switch text.lowercased() {
        case "measured", "actual", "invoice", "metered": return false
        case "estimated", "estimate", "modelled", "modeled": return true
        default: throw fail("dataQuality", "'\(text)' is not a data quality; send measured or estimated")
        }
    }

    private func time() throws(CarbonError) -> Int64 {
        switch fields["time"] {
        case nil: throw fail("time", "is missing; send RFC 3339 (2025-03-01T08:00:00Z) or epoch milliseconds")
        case .number(let ms)?:
            guard ms == ms.rounded(), abs(ms) < 9e15 else { throw fail("time", "\(ms) is not whole epoch milliseconds") }
            return Int64(ms)
        case .text(let text)?:
            guard let ms = Timestamp.parse(text) else {
                throw fail("time", "'\(text)' is not RFC 3339 or epoch milliseconds; send e.g. 2025-03-01T08:00:00Z")
            }
            return ms
        case .bool?: throw fail("time", "must be a time, not true/false")
        }
    }

    private func cell() throws(CarbonError) -> UInt64? {
        guard let hex = try text("h3Index") else { return nil }
        guard let cell = Spatial.cell(hex: hex) else {
            throw fail("h3Index", "'\(hex)' is not an H3 cell; send a 15-character hex id, e.g. 871fb4662ffffff")
        }
        return cell
    }

    private func required(_ name: String, example: String) throws(CarbonError) -> Double {
        guard let value = try number(name) else { throw fail(name, "is missing; send a number, e.g. \(example)") }
        return value
    }

    func text(_ name: String) throws(CarbonError) -> String? {
        switch fields[name] {
        case nil: return nil
        case .text(let text)?:
            let trimmed = text.trimmingSpaces()
            return trimmed.isEmpty ? nil : trimmed
        case .number(let number)?:
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool?: throw fail(name, "must be text, not true/false")
        }
    }

    func number(_ name: String) throws(CarbonError) -> Double? {
        switch fields[name] {
        case nil: return nil
        case .number(let number)?: return number
        case .text(let text)?:
            let trimmed = text.trimmingSpaces()
            if trimmed.isEmpty { return nil }
            guard let number = Double(trimmed), number.isFinite else {
                throw fail(name, "'\(trimmed)' is not a number; send a decimal such as 12.5")
            }
            return number
        case .bool?: throw fail(name, "must be a number, not true/false")
        }
    }

    private func names<T: RawRepresentable<String>>(_ values: [T]) -> String {
        values.map(\.rawValue).joined(separator: ", ")
    }

    private func fail(_ field: String, _ reason: String) -> CarbonError {
        .invalidActivity(field: field, reason: reason)
    }
}

extension String {
    /// Region codes are compared upper-case, except cloud regions (`gcp:europe-west1`), kept as sent.
    func uppercasedRegion() -> String {
        contains(":") ? lowercased() : uppercased()
    }
}
