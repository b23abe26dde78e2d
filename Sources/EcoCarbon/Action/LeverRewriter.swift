/// One accounted piece of an activity inside a simulation (a mode shift splits an activity in two).
struct SimPart {
    var family: FactorFamily
    var subject: Int32
    var region: Int32
    var input: LineInput
    var basis: UInt8
    var mode: UInt8
    var vehicle: UInt8
    var fuel: UInt8
    /// current ÷ new utilisation after a load-factor lever, applied when the factor has no reference utilisation.
    var loadScale = 1.0
}

/// Applies levers to the rows they match and accounts the rewritten rows, caching factor lookups.
struct LeverRewriter {
    enum Outcome { case unmatched, notApplicable, changed }

    let table: ActivityTable
    let index: FactorIndex
    private let levers: [Lever]
    private var subjects: Interner
    private var regions: Interner
    private var cache: ResolutionCache
    private let supplierIDs: [Int32?]
    private let facilityIDs: [Int32?]
    private(set) var notes: [String?]

    init(table: ActivityTable, index: FactorIndex, levers: [Lever]) throws(CarbonError) {
        self.table = table
        self.index = index
        self.levers = levers
        self.subjects = table.subjects
        self.regions = table.regions
        self.notes = levers.map { _ in nil }
        self.cache = ResolutionCache(index: index)
        var suppliers: [Int32?] = [], facilities: [Int32?] = []
        for lever in levers {
            var supplier: String?, facility: String?
            switch lever {
            case let .shiftMode(_, _, _, s), let .raiseLoadFactor(_, _, _, s): supplier = s
            case let .switchFuel(_, _, s, f), let .renewableElectricity(_, s, f): (supplier, facility) = (s, f)
            case let .moveFacility(f, _): facility = f
            }
            if let supplier, table.suppliers.existingID(supplier) == nil {
                throw .invalidRequest("The scenario names supplier '\(supplier)', which has no activities in the period; check the name.")
            }
            if let facility, table.facilities.existingID(facility) == nil {
                throw .invalidRequest("The scenario names facility '\(facility)', which has no activities in the period; check the name.")
            }
            suppliers.append(supplier.flatMap { table.suppliers.existingID($0) })
            facilities.append(facility.flatMap { table.facilities.existingID($0) })
        }
        self.supplierIDs = suppliers
        self.facilityIDs = facilities
    }

    private func entityMatches(_ l: Int, _ i: Int) -> Bool {
        if let supplier = supplierIDs[l], table.supplier[i] != supplier { return false }
        if let facility = facilityIDs[l], table.facility[i] != facility { return false }
        return true
    }

    /// Whether any lever could touch row `i` (cheap integer checks only).
    func mayApply(row i: Int) -> Bool {
        for (l, lever) in levers.enumerated() where entityMatches(l, i) {
            switch lever {
            case let .shiftMode(from, _, _, _): if table.mode[i] == code(from) { return true }
            case let .raiseLoadFactor(mode, _, _, _): if table.mode[i] == code(mode) { return true }
            case let .switchFuel(from, _, _, _): if table.fuel[i] == fuelCode(from) { return true }
            case .renewableElectricity: if table.family[i] == .electricity && table.kind[i] != .compute { return true }
            case .moveFacility: if table.family[i] == .electricity { return true }
            }
        }
        return false
    }

    func part(of i: Int) -> SimPart {
        SimPart(
            family: table.family[i], subject: table.subject[i], region: table.region[i],
            input: LineInput(
                family: table.family[i], quantity: table.quantity[i], unit: table.unit[i], utilisation: table.utilisation[i],
                instrumentShare: table.instrumentShare[i], instrumentRate: table.instrumentRate[i], supplierRate: table.supplierRate[i]),
            basis: table.transportBasis[i], mode: table.mode[i], vehicle: table.vehicle[i], fuel: table.fuel[i])
    }

    /// Applies lever `l` to the parts of row `i`.
    mutating func apply(_ lever: Lever, at l: Int, row i: Int, to parts: inout [SimPart]) -> Outcome {
        guard entityMatches(l, i) else { return .unmatched }
        var matched = false, changed = false
        var added: [SimPart] = []
        for p in parts.indices {
            let outcome = apply(lever, at: l, row: i, to: &parts[p], adding: &added)
            matched = matched || outcome != .unmatched
            changed = changed || outcome == .changed
        }
        parts += added
        return changed ? .changed : matched ? .notApplicable : .unmatched
    }

    private mutating func apply(_ lever: Lever, at l: Int, row i: Int, to part: inout SimPart, adding added: inout [SimPart]) -> Outcome {
        let freight = FactorLookup.TransportBasis.freight.rawValue
        switch lever {
        case let .shiftMode(from, to, share, _):
            guard part.mode == code(from) else { return .unmatched }
            guard part.basis == freight else {
                notes[l] = "Only activities with tonne-km (or load and distance) can shift mode; fuel-based and vehicle-km activities were left unchanged."
                return .notApplicable
            }
            var moved = part
            moved.input.quantity *= share
            moved.mode = code(to)
            moved.vehicle = 255
            moved.fuel = 255
            moved.input.utilisation = .nan
            moved.loadScale = 1
            moved.subject = subjects.id(FactorLookup.freightSubject(to, nil, nil))
            part.input.quantity *= 1 - share
            added.append(moved)
            return share > 0 ? .changed : .notApplicable
        case let .raiseLoadFactor(mode, loadFactor, assumed, _):
            guard part.mode == code(mode), part.family == .transport else { return .unmatched }
            let current = part.input.utilisation.isNaN ? assumed : part.input.utilisation
            guard let current else {
                notes[l] = "Activities without a load factor were left unchanged; send loadFactor with the activities or give assumedCurrent."
                return .notApplicable
            }
            guard loadFactor > current else { return .notApplicable }
            part.loadScale *= current / loadFactor
            part.input.utilisation = loadFactor
            return .changed
        case let .switchFuel(from, to, _, _):
            guard part.fuel == fuelCode(from) else { return .unmatched }
            return switchFuel(&part, to: to, lever: l)
        case let .renewableElectricity(share, _, _):
            guard part.family == .electricity, table.kind[i] != .compute else { return .unmatched }
            let old = part.input.instrumentShare
            let new = old + (1 - old) * share
            guard new > old else { return .notApplicable }
            part.input.instrumentRate = old * part.input.instrumentRate / new
            part.input.instrumentShare = new
            return .changed
        case let .moveFacility(_, region):
            guard part.family == .electricity else { return .unmatched }
            part.region = regions.id(region.uppercasedRegion())
            return .changed
        }
    }

    private mutating func switchFuel(_ part: inout SimPart, to fuel: Fuel, lever l: Int) -> Outcome {
        if part.family == .combustion {
            guard let old = resolve(part.family, part.subject, part.region),
                  let new = index.resolve(family: .combustion, subject: fuel.rawValue, region: regions.name(part.region)) else {
                notes[l] = "No factor for one of the fuels in the activity's region; those activities were left unchanged."
                return .notApplicable
            }
            let oldFactor = index.set.factors[old.row], newFactor = index.set.factors[new.row]
            guard let q = FactorUnits.convert(part.input.quantity, from: part.input.unit, to: oldFactor),
                  let heatOld = oldFactor.heatContentMMBtu, let heatNew = newFactor.heatContentMMBtu, heatNew > 0 else {
                notes[l] = "A fuel without a heat content cannot be converted at equal energy; those activities were left unchanged."
                return .notApplicable
            }
            part.input.quantity = q * heatOld / heatNew
            part.input.unit = newFactor.unit
            part.subject = subjects.id(fuel.rawValue)
            part.fuel = fuelCode(fuel)
            return .changed
        }
        guard let mode = part.mode == 255 ? nil : TransportMode.allCases[Int(part.mode)] else { return .unmatched }
        let vehicle = part.vehicle == 255 ? nil : VehicleType.allCases[Int(part.vehicle)]
        let subject = part.basis == FactorLookup.TransportBasis.freight.rawValue
            ? FactorLookup.freightSubject(mode, vehicle, fuel) : FactorLookup.vehicleSubject(vehicle, fuel)
        let newSubject = subjects.id(subject)
        let old = resolve(part.family, part.subject, part.region)
        let new = resolve(part.family, newSubject, part.region)
        guard let new, new.row != old?.row else {
            notes[l] = "The factor set has no fuel-specific factor for these distance-based movements, so switching fuel changes nothing; send fuel quantities or add fuel-specific freight factors."
            return .notApplicable
        }
        part.subject = newSubject
        part.fuel = fuelCode(fuel)
        return .changed
    }

    /// kg CO2e of the parts, location-based and market-based (unaccounted parts count 0).
    mutating func evaluate(_ parts: [SimPart]) -> (location: Double, market: Double) {
        var location = 0.0, market = 0.0
        for part in parts {
            let resolution = resolve(part.family, part.subject, part.region)
            let region = part.region
            let out = LineCalculator.compute(part.input, location: resolution, residual: { residualMix(region) }, index: index)
            var scale = part.loadScale
            if let row = resolution?.row, index.set.factors[row].referenceUtilisation != nil { scale = 1 }
            if !out.locationKg.isNaN { location += out.locationKg * scale }
            if !out.marketKg.isNaN { market += out.marketKg * (part.family == .electricity ? 1 : scale) }
        }
        return (location, market)
    }

    /// The factor rows the parts resolve to.
    mutating func factorRows(of parts: [SimPart]) -> [Int] {
        parts.compactMap { resolve($0.family, $0.subject, $0.region)?.row }
    }

    private mutating func resolve(_ family: FactorFamily, _ subject: Int32, _ region: Int32) -> FactorResolution? {
        cache.resolve(family, subject, region, subjects: subjects, regions: regions)
    }

    private mutating func residualMix(_ region: Int32) -> FactorResolution? {
        cache.residualMix(region, regions: regions)
    }

    private func code(_ mode: TransportMode) -> UInt8 { UInt8(TransportMode.allCases.firstIndex(of: mode)!) }
    private func fuelCode(_ fuel: Fuel) -> UInt8 { UInt8(Fuel.allCases.firstIndex(of: fuel)!) }
}
