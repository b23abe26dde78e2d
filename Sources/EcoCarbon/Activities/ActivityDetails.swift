/// A freight movement. Accounted by fuel when `fuelQuantity` is given (GHG Protocol's fuel-based
/// method), else by tonne-km (`tonneKm`, or `loadKg` × `distanceKm`), else by vehicle-km (road only).
public struct TransportActivity: Sendable, Equatable {
    public var mode: TransportMode
    public var vehicle: VehicleType?
    public var fuel: Fuel?
    /// Length of the leg in km.
    public var distanceKm: Double?
    /// Mass carried in kg.
    public var loadKg: Double?
    /// Freight work in tonne-km, when the client computed it.
    public var tonneKm: Double?
    /// Share of the vehicle's capacity used on loaded legs, 0 < x ≤ 1.
    public var loadFactor: Double?
    /// Share of the vehicle's distance run empty, 0 ≤ x < 1.
    public var emptyRunning: Double?
    /// Fuel burned, with its unit (volume, mass or energy).
    public var fuelQuantity: Double?
    public var fuelUnit: CarbonUnit?
    /// Lane ends (place names or codes), for lane hotspots.
    public var origin: String?
    public var destination: String?
    /// True for transport of sold products (Scope 3 category 9) rather than purchased ones (category 4).
    public var downstream: Bool

    public init(
        mode: TransportMode, vehicle: VehicleType? = nil, fuel: Fuel? = nil, distanceKm: Double? = nil, loadKg: Double? = nil,
        tonneKm: Double? = nil, loadFactor: Double? = nil, emptyRunning: Double? = nil, fuelQuantity: Double? = nil,
        fuelUnit: CarbonUnit? = nil, origin: String? = nil, destination: String? = nil, downstream: Bool = false
    ) {
        self.mode = mode
        self.vehicle = vehicle
        self.fuel = fuel
        self.distanceKm = distanceKm
        self.loadKg = loadKg
        self.tonneKm = tonneKm
        self.loadFactor = loadFactor
        self.emptyRunning = emptyRunning
        self.fuelQuantity = fuelQuantity
        self.fuelUnit = fuelUnit
        self.origin = origin
        self.destination = destination
        self.downstream = downstream
    }

    /// Freight work in tonne-km: as given, or load × distance; nil when neither is known.
    public var freightTonneKm: Double? {
        if let tonneKm { return tonneKm }
        if let loadKg, let distanceKm { return loadKg / 1000 * distanceKm }
        return nil
    }

    /// True for a non-road leg with a distance but neither load, tonne-km nor fuel: accepted and stored
    /// as sent, its load estimated from history when it is accounted (``LoadEstimator``). A road leg in
    /// that state is accounted per vehicle-km instead, a measured basis.
    public var loadIsMissing: Bool {
        mode != .road && fuelQuantity == nil && freightTonneKm == nil && distanceKm != nil
    }

    /// The share of vehicle capacity doing useful work: load factor × (1 − empty running); nil when
    /// the load factor is unknown.
    public var utilisation: Double? {
        guard let loadFactor else { return nil }
        return loadFactor * (1 - (emptyRunning ?? 0))
    }
}

/// Electricity bought from the grid of the activity's region.
public struct ElectricityActivity: Sendable, Equatable {
    public var kWh: Double
    /// Certificates, a PPA or a green tariff covering part of the kWh (market-based Scope 2).
    public var instrument: ContractualInstrument?
    /// The supplier's own emission rate in kg CO2e/kWh (market-based Scope 2, second tier).
    public var supplierRateKgPerKWh: Double?

    public init(kWh: Double, instrument: ContractualInstrument? = nil, supplierRateKgPerKWh: Double? = nil) {
        self.kWh = kWh
        self.instrument = instrument
        self.supplierRateKgPerKWh = supplierRateKgPerKWh
    }
}

/// Fuel burned in a stationary source.
public struct CombustionActivity: Sendable, Equatable {
    public var fuel: Fuel
    public var quantity: Double
    /// A volume, mass or energy unit; nil when the sender did not know it (stored as sent, estimated from the
    /// history of the fuel when accounted: ``FuelUnitEstimator``).
    public var unit: CarbonUnit?

    public init(fuel: Fuel, quantity: Double, unit: CarbonUnit?) {
        self.fuel = fuel
        self.quantity = quantity
        self.unit = unit
    }
}

/// Refrigerant or other fluorinated gas released (leaks, top-ups, disposal).
public struct RefrigerantActivity: Sendable, Equatable {
    /// ASHRAE designation or gas name: `R-410A`, `HFC-134a`.
    public var gas: String
    public var kg: Double

    public init(gas: String, kg: Double) {
        self.gas = gas
        self.kg = kg
    }
}

/// Energy a facility used, by carrier.
public struct FacilityEnergyActivity: Sendable, Equatable {
    /// Electricity, or purchased steam, heat or cooling.
    public enum Carrier: String, Sendable, Equatable, CaseIterable, Codable {
        case electricity, steam, heat, cooling
    }

    public var carrier: Carrier
    public var quantity: Double
    /// An energy unit.
    public var unit: CarbonUnit
    /// For electricity: an instrument covering part of it.
    public var instrument: ContractualInstrument?

    public init(carrier: Carrier, quantity: Double, unit: CarbonUnit, instrument: ContractualInstrument? = nil) {
        self.carrier = carrier
        self.quantity = quantity
        self.unit = unit
        self.instrument = instrument
    }
}

/// Computing in a cloud region or data centre, by energy or by CPU time.
public struct ComputeActivity: Sendable, Equatable {
    /// Energy drawn, when metered.
    public var kWh: Double?
    /// CPU-hours (vCPU-hours), when energy is not metered.
    public var cpuHours: Double?
    /// Average power per CPU in watts; nil uses ``defaultWattsPerCPU``.
    public var wattsPerCPU: Double?
    /// Power usage effectiveness of the data centre; nil uses ``defaultPUE``.
    public var pue: Double?

    /// 2.12 W per vCPU: the Cloud Carbon Footprint methodology's AWS averages (0.74 W idle,
    /// 3.5 W at full load) at 50 % utilisation. A named default; send your own for accuracy.
    public static let defaultWattsPerCPU = 0.74 + 0.5 * (3.5 - 0.74)
    /// 1.135: the AWS power usage effectiveness used by the Cloud Carbon Footprint methodology.
    public static let defaultPUE = 1.135

    public init(kWh: Double? = nil, cpuHours: Double? = nil, wattsPerCPU: Double? = nil, pue: Double? = nil) {
        self.kWh = kWh
        self.cpuHours = cpuHours
        self.wattsPerCPU = wattsPerCPU
        self.pue = pue
    }

    /// Energy in kWh: metered, or CPU-hours × watts × PUE / 1000.
    public var energyKWh: Double? {
        if let kWh { return kWh }
        guard let cpuHours else { return nil }
        return cpuHours * (wattsPerCPU ?? Self.defaultWattsPerCPU) * (pue ?? Self.defaultPUE) / 1000
    }
}
