import EcoCore

/// Validated activities in columns: one array per field, strings interned to integer ids.
///
/// This is the compact form accounting, aggregation, simulation and reports run over (a million
/// activities take ~130 MB and are scanned in milliseconds). Build it once per period with
/// ``append(_:)``; row `i` is the `i`-th appended activity. Missing numbers are NaN, missing ids -1.
public struct ActivityTable: Sendable {
    public private(set) var count = 0
    public private(set) var kind: [ActivityKind] = []
    public private(set) var timeMs: [Int64] = []
    public private(set) var organization: [Int32] = []
    public private(set) var supplier: [Int32] = []
    public private(set) var facility: [Int32] = []
    /// `origin→destination` of transport legs with both ends known.
    public private(set) var lane: [Int32] = []
    /// The caller's H3 cell, else the resolution-15 cell of its lat/lng (0 when neither).
    public private(set) var cell: [UInt64] = []
    public private(set) var scope: [Scope] = []
    /// Scope 3 category raw value, 0 when not Scope 3.
    public private(set) var category: [UInt8] = []
    public private(set) var estimated: [Bool] = []
    public private(set) var family: [FactorFamily] = []
    public private(set) var subject: [Int32] = []
    public private(set) var region: [Int32] = []
    /// Quantity in `unit`, as the activity gave it.
    public private(set) var quantity: [Double] = []
    public private(set) var unit: [CarbonUnit] = []
    /// Transport: basis, mode, vehicle and fuel (raw values; 255 when none), freight tonne-km and utilisation.
    public private(set) var transportBasis: [UInt8] = []
    public private(set) var mode: [UInt8] = []
    public private(set) var vehicle: [UInt8] = []
    public private(set) var fuel: [UInt8] = []
    public private(set) var utilisation: [Double] = []
    /// Transport leg length in km (NaN when not given).
    public private(set) var distanceKm: [Double] = []
    /// Electricity: share covered by an instrument (0 when none), its rate, and the supplier's rate (NaN when none).
    public private(set) var instrumentShare: [Double] = []
    public private(set) var instrumentRate: [Double] = []
    public private(set) var supplierRate: [Double] = []

    /// Rows alike for what-if purposes (``RowClassKey``).
    private(set) var classes = RowClasses()

    public private(set) var organizations = Interner()
    public private(set) var suppliers = Interner()
    public private(set) var facilities = Interner()
    public private(set) var lanes = Interner()
    public private(set) var subjects = Interner()
    public private(set) var regions = Interner()

    public init() {}

    /// A table of `activities`, in order.
    public init(_ activities: [Activity]) {
        reserveCapacity(activities.count)
        for activity in activities { append(activity) }
    }

    public mutating func reserveCapacity(_ n: Int) {
        kind.reserveCapacity(n); timeMs.reserveCapacity(n); organization.reserveCapacity(n); supplier.reserveCapacity(n)
        facility.reserveCapacity(n); lane.reserveCapacity(n); cell.reserveCapacity(n); scope.reserveCapacity(n)
        category.reserveCapacity(n); estimated.reserveCapacity(n); family.reserveCapacity(n); subject.reserveCapacity(n)
        region.reserveCapacity(n); quantity.reserveCapacity(n); unit.reserveCapacity(n); transportBasis.reserveCapacity(n)
        mode.reserveCapacity(n); vehicle.reserveCapacity(n); fuel.reserveCapacity(n); utilisation.reserveCapacity(n); distanceKm.reserveCapacity(n)
        instrumentShare.reserveCapacity(n); instrumentRate.reserveCapacity(n); supplierRate.reserveCapacity(n)
        classes.reserveCapacity(n)
    }

    /// Adds one validated activity as the next row.
    public mutating func append(_ activity: Activity) {
        let lookup = FactorLookup.of(activity)
        let (scope, category) = ScopeClassifier.classify(activity)
        kind.append(activity.kind)
        timeMs.append(activity.timeMs)
        organization.append(organizations.id(activity.organization))
        supplier.append(suppliers.id(activity.supplier))
        facility.append(facilities.id(activity.facility))
        cell.append(activity.cell ?? activity.lat.flatMap { lat in activity.lng.map { Spatial.cell15(lat: lat, lng: $0) } } ?? 0)
        self.scope.append(scope)
        self.category.append(UInt8(category?.rawValue ?? 0))
        estimated.append(activity.estimated)
        family.append(lookup.family)
        subject.append(subjects.id(lookup.subject))
        region.append(regions.id(activity.region ?? RegionTree.world))
        quantity.append(lookup.quantity)
        unit.append(lookup.unit)
        transportBasis.append(lookup.transportBasis?.rawValue ?? 255)
        var laneName: String?, modeCode: UInt8 = 255, vehicleCode: UInt8 = 255, fuelCode: UInt8 = 255
        var use = Double.nan, distance = Double.nan, share = 0.0, rate = 0.0, supplierKg = Double.nan
        switch activity.detail {
        case .transport(let t):
            if let origin = t.origin, let destination = t.destination { laneName = "\(origin)→\(destination)" }
            modeCode = Codes.mode(t.mode)
            vehicleCode = t.vehicle.map(Codes.vehicle) ?? 255
            fuelCode = t.fuel.map(Codes.fuel) ?? 255
            use = t.utilisation ?? .nan
            distance = t.distanceKm ?? .nan
        case .combustion(let c):
            fuelCode = Codes.fuel(c.fuel)
        case .electricity(let e):
            share = e.instrument?.share ?? 0
            rate = e.instrument?.rateKgPerKWh ?? 0
            supplierKg = e.supplierRateKgPerKWh ?? .nan
        case .facilityEnergy(let f):
            share = f.instrument?.share ?? 0
            rate = f.instrument?.rateKgPerKWh ?? 0
        case .refrigerant, .compute: break
        }
        lane.append(lanes.id(laneName))
        mode.append(modeCode)
        vehicle.append(vehicleCode)
        fuel.append(fuelCode)
        utilisation.append(use)
        distanceKm.append(distance)
        instrumentShare.append(share)
        instrumentRate.append(rate)
        supplierRate.append(supplierKg)
        classes.append(RowClassKey(
            supplier: supplier[count], facility: facility[count], subject: subject[count], region: region[count],
            kind: activity.kind, family: lookup.family, unit: lookup.unit, scope: scope, category: self.category[count],
            basis: transportBasis[count], mode: modeCode, vehicle: vehicleCode, fuel: fuelCode,
            instrumentShare: share.bitPattern, instrumentRate: rate.bitPattern, supplierRate: supplierKg.bitPattern), row: count)
        count += 1
    }

    /// Puts load estimates in: a missing load becomes the estimate's tonne-km (load × the leg's
    /// distance) and its row is marked estimated. The activities themselves are not changed, so
    /// the estimate goes when a table is built from a corrected record. (Region and unit estimates are
    /// applied to the activities before the table is built: ``FieldEstimate/apply(to:)``.)
    public mutating func apply(_ estimates: [FieldEstimate]) {
        for estimate in estimates where estimate.field == "loadKg" && quantity[estimate.row].isNaN && distanceKm[estimate.row].isFinite {
            quantity[estimate.row] = estimate.value / 1000 * distanceKm[estimate.row]
            estimated[estimate.row] = true
        }
    }

    /// Transport mode of row `i`, if it is transport.
    public func transportMode(_ i: Int) -> TransportMode? { mode[i] == 255 ? nil : Codes.modes[Int(mode[i])] }
    /// Fuel of row `i`, if it names one.
    public func fuelOf(_ i: Int) -> Fuel? { fuel[i] == 255 ? nil : Codes.fuels[Int(fuel[i])] }
    /// Vehicle of row `i`, if it names one.
    public func vehicleOf(_ i: Int) -> VehicleType? { vehicle[i] == 255 ? nil : Codes.vehicles[Int(vehicle[i])] }
    /// Scope 3 category of row `i`.
    public func categoryOf(_ i: Int) -> Scope3Category? { Scope3Category(rawValue: Int(category[i])) }
    /// True for rows accounted as purchased electricity (own Scope 2 or a supplier's), whose market-based figure differs.
    public func isElectricity(_ i: Int) -> Bool { family[i] == .electricity }
}
