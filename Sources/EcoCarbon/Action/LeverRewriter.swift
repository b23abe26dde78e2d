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

/// A lever reduced to the integers and numbers the row loop compares (no strings on the hot path).
struct CompiledLever {
    enum Kind { case shiftMode, raiseLoadFactor, switchFuel, renewableElectricity, moveFacility }

    var kind: Kind
    /// Entity restriction: table ids, nil for any.
    var supplier: Int32?
    var facility: Int32?
    /// The mode or fuel the lever acts on, and the one it moves to (255 when not used).
    var from: UInt8 = 255
    var to: UInt8 = 255
    var share = 0.0
    var assumedCurrent: Double?
    /// Subject (shift: the new mode's freight subject; switch: the new fuel) or region id it introduces.
    var subject: Int32 = -1
    var region: Int32 = -1
}

/// Applies levers to the rows they match and accounts the rewritten rows, caching factor lookups.
struct LeverRewriter {
    enum Outcome { case unmatched, notApplicable, changed }

    let table: ActivityTable
    let index: FactorIndex
    let levers: [CompiledLever]
    private var cache: ResolutionCache
    /// Freight or vehicle subject of (basis, mode, vehicle, new fuel) for fuel switches.
    private var switchedSubjects: [UInt32: Int32] = [:]
    private(set) var notes: [String?]
    /// Set when a lever or a factor read a part's utilisation (the figures are then not proportional to the quantity alone).
    var readsUtilisation = false

    init(table: ActivityTable, index: FactorIndex, levers: [Lever]) throws(CarbonError) {
        self.table = table
        self.index = index
        self.notes = levers.map { _ in nil }
        var cache = ResolutionCache(index: index, subjects: table.subjects, regions: table.regions)
        func entity(_ supplier: String?, _ facility: String?) throws(CarbonError) -> (Int32?, Int32?) {
            var ids: (Int32?, Int32?) = (nil, nil)
            if let supplier {
                guard let id = table.suppliers.existingID(supplier) else {
                    throw .invalidRequest("The scenario names supplier '\(supplier)', which has no activities in the period; check the name.")
                }
                ids.0 = id
            }
            if let facility {
                guard let id = table.facilities.existingID(facility) else {
                    throw .invalidRequest("The scenario names facility '\(facility)', which has no activities in the period; check the name.")
                }
                ids.1 = id
            }
            return ids
        }
        var compiled: [CompiledLever] = []
        for lever in levers {
            switch lever {
            case let .shiftMode(from, to, share, supplier):
                var c = CompiledLever(kind: .shiftMode, supplier: try entity(supplier, nil).0, from: Codes.mode(from), to: Codes.mode(to), share: share)
                c.subject = cache.subjects.id(FactorLookup.freightSubject(to, nil, nil))
                compiled.append(c)
            case let .raiseLoadFactor(mode, loadFactor, assumed, supplier):
                compiled.append(CompiledLever(kind: .raiseLoadFactor, supplier: try entity(supplier, nil).0, from: Codes.mode(mode), share: loadFactor, assumedCurrent: assumed))
            case let .switchFuel(from, to, supplier, facility):
                let ids = try entity(supplier, facility)
                var c = CompiledLever(kind: .switchFuel, supplier: ids.0, facility: ids.1, from: Codes.fuel(from), to: Codes.fuel(to))
                c.subject = cache.subjects.id(to.rawValue)
                compiled.append(c)
            case let .renewableElectricity(share, supplier, facility):
                let ids = try entity(supplier, facility)
                compiled.append(CompiledLever(kind: .renewableElectricity, supplier: ids.0, facility: ids.1, share: share))
            case let .moveFacility(facility, region):
                var c = CompiledLever(kind: .moveFacility, facility: try entity(nil, facility).1)
                c.region = cache.regions.id(region.uppercasedRegion())
                compiled.append(c)
            }
        }
        self.levers = compiled
        self.cache = cache
    }

    @inline(__always)
    private func entityMatches(_ lever: CompiledLever, _ i: Int) -> Bool {
        if let supplier = lever.supplier, table.supplier[i] != supplier { return false }
        if let facility = lever.facility, table.facility[i] != facility { return false }
        return true
    }

    /// Whether any lever could touch row `i` (integer checks only).
    func mayApply(row i: Int) -> Bool {
        for lever in levers where entityMatches(lever, i) {
            switch lever.kind {
            case .shiftMode, .raiseLoadFactor: if table.mode[i] == lever.from { return true }
            case .switchFuel: if table.fuel[i] == lever.from { return true }
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
    mutating func apply(_ l: Int, row i: Int, to parts: inout [SimPart]) -> Outcome {
        let lever = levers[l]
        guard entityMatches(lever, i) else { return .unmatched }
        var matched = false, changed = false
        var added: SimPart?
        for p in parts.indices {
            let outcome = apply(lever, l, row: i, to: &parts[p], adding: &added)
            matched = matched || outcome != .unmatched
            changed = changed || outcome == .changed
            if let part = added {
                parts.append(part)
                added = nil
            }
        }
        return changed ? .changed : matched ? .notApplicable : .unmatched
    }

    private mutating func apply(_ lever: CompiledLever, _ l: Int, row i: Int, to part: inout SimPart, adding added: inout SimPart?) -> Outcome {
        switch lever.kind {
        case .shiftMode:
            guard part.mode == lever.from else { return .unmatched }
            guard part.basis == FactorLookup.TransportBasis.freight.rawValue else {
                note(l, "Only activities with tonne-km (or load and distance) can shift mode; fuel-based and vehicle-km activities were left unchanged.")
                return .notApplicable
            }
            guard lever.share > 0 else { return .notApplicable }
            var moved = part
            moved.input.quantity *= lever.share
            moved.mode = lever.to
            moved.vehicle = 255
            moved.fuel = 255
            moved.input.utilisation = .nan
            moved.loadScale = 1
            moved.subject = lever.subject
            part.input.quantity *= 1 - lever.share
            added = moved
            return .changed
        case .raiseLoadFactor:
            guard part.mode == lever.from, part.family == .transport else { return .unmatched }
            readsUtilisation = true
            guard let current = part.input.utilisation.isNaN ? lever.assumedCurrent : part.input.utilisation else {
                note(l, "Activities without a load factor were left unchanged; send loadFactor with the activities or give assumedCurrent.")
                return .notApplicable
            }
            guard lever.share > current else { return .notApplicable }
            part.loadScale *= current / lever.share
            part.input.utilisation = lever.share
            return .changed
        case .switchFuel:
            guard part.fuel == lever.from else { return .unmatched }
            return switchFuel(&part, lever, l)
        case .renewableElectricity:
            guard part.family == .electricity, table.kind[i] != .compute else { return .unmatched }
            let old = part.input.instrumentShare
            let new = old + (1 - old) * lever.share
            guard new > old else { return .notApplicable }
            part.input.instrumentRate = old * part.input.instrumentRate / new
            part.input.instrumentShare = new
            return .changed
        case .moveFacility:
            guard part.family == .electricity else { return .unmatched }
            part.region = lever.region
            return .changed
        }
    }

    private mutating func switchFuel(_ part: inout SimPart, _ lever: CompiledLever, _ l: Int) -> Outcome {
        if part.family == .combustion {
            guard let old = cache.resolve(.combustion, part.subject, part.region), let new = cache.resolve(.combustion, lever.subject, part.region) else {
                note(l, "No factor for one of the fuels in the activity's region; those activities were left unchanged.")
                return .notApplicable
            }
            let heatOld = index.heatContent[old.row], heatNew = index.heatContent[new.row]
            guard let q = FactorUnits.convert(part.input.quantity, from: part.input.unit, to: index.unit[old.row], heatContent: heatOld),
                  heatOld > 0, heatNew > 0 else {
                note(l, "A fuel without a heat content cannot be converted at equal energy; those activities were left unchanged.")
                return .notApplicable
            }
            part.input.quantity = q * heatOld / heatNew
            part.input.unit = index.unit[new.row]
            part.subject = lever.subject
            part.fuel = lever.to
            return .changed
        }
        guard part.mode != 255 else { return .unmatched }
        let newSubject = switchedSubject(part, fuel: lever.to)
        let old = cache.resolve(part.family, part.subject, part.region)
        guard let new = cache.resolve(part.family, newSubject, part.region), new.row != old?.row else {
            note(l, "The factor set has no fuel-specific factor for these distance-based movements, so switching fuel changes nothing; send fuel quantities or add fuel-specific freight factors.")
            return .notApplicable
        }
        part.subject = newSubject
        part.fuel = lever.to
        return .changed
    }

    private mutating func switchedSubject(_ part: SimPart, fuel: UInt8) -> Int32 {
        let key = UInt32(part.basis) << 24 | UInt32(part.mode) << 16 | UInt32(part.vehicle) << 8 | UInt32(fuel)
        if let id = switchedSubjects[key] { return id }
        let mode = Codes.modes[Int(part.mode)], vehicle = part.vehicle == 255 ? nil : Codes.vehicles[Int(part.vehicle)]
        let subject = part.basis == FactorLookup.TransportBasis.freight.rawValue
            ? FactorLookup.freightSubject(mode, vehicle, Codes.fuels[Int(fuel)]) : FactorLookup.vehicleSubject(vehicle, Codes.fuels[Int(fuel)])
        let id = cache.subjects.id(subject)
        switchedSubjects[key] = id
        return id
    }

    /// kg CO2e of the parts, location-based and market-based (unaccounted parts count 0).
    mutating func evaluate(_ parts: [SimPart]) -> (location: Double, market: Double) {
        var location = 0.0, market = 0.0
        for part in parts {
            let resolution = cache.resolve(part.family, part.subject, part.region)
            let residual = part.family == .electricity ? cache.residualMix(part.region) : nil
            let out = LineCalculator.compute(part.input, location: resolution, residual: residual, index: index)
            var scale = part.loadScale
            if let row = resolution?.row, !index.referenceUtilisation[row].isNaN {
                scale = 1
                readsUtilisation = true
            }
            if !out.locationKg.isNaN { location += out.locationKg * scale }
            if !out.marketKg.isNaN { market += out.marketKg * (part.family == .electricity ? 1 : scale) }
        }
        return (location, market)
    }

    /// Calls `body` with the factor row each part resolves to.
    mutating func forEachFactorRow(of parts: [SimPart], _ body: (Int) -> Void) {
        for part in parts { if let row = cache.resolve(part.family, part.subject, part.region)?.row { body(row) } }
    }

    /// Records why lever `l` left activities unchanged (once: the text is the same for every row).
    private mutating func note(_ l: Int, _ text: String) {
        if notes[l] == nil { notes[l] = text }
    }
}
