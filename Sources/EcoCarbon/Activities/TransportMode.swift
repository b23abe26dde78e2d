/// How goods move.
public enum TransportMode: String, Sendable, Hashable, CaseIterable, Codable {
    case road, rail, sea
    case inlandWaterway = "inland_waterway"
    case air

    /// Longest plausible single leg in km; longer is rejected as impossible. Sea routes around a
    /// continent reach ~26,000 km; air is bounded by half the Earth's circumference (20,038 km).
    public var maxLegKm: Double {
        switch self {
        case .road, .rail: 15_000
        case .sea: 40_000
        case .inlandWaterway: 10_000
        case .air: 20_038
        }
    }

    /// Heaviest plausible load in tonnes when no vehicle type is given (the largest vehicle of the mode).
    public var maxLoadTonnes: Double {
        VehicleType.allCases.filter { $0.mode == self }.map(\.maxPayloadTonnes).max() ?? 0
    }

    /// Fuels a vehicle of this mode can run on.
    public var fuels: [Fuel] {
        switch self {
        case .road: [.diesel, .petrol, .lpg, .naturalGas, .biodiesel, .electricity]
        case .rail: [.diesel, .electricity, .biodiesel]
        case .sea, .inlandWaterway: [.fuelOil, .diesel, .naturalGas, .biodiesel]
        case .air: [.jetFuel]
        }
    }
}

/// Vehicle classes, each with its mode and the largest payload it can carry.
///
/// Payload limits are generous upper bounds, meant to catch impossible loads (a truck carrying
/// 500 t), not to police legal limits: a light commercial van is at most 3.5 t gross; EU rigid
/// trucks 32 t gross; articulated trucks 44 t gross; Australian road trains ~150 t of payload;
/// heavy-haul trains ~50,000 t; the largest bulk carriers ~420,000 dwt and tankers ~560,000 dwt;
/// river push convoys ~60,000 t; the largest freighter aircraft ~250 t.
public enum VehicleType: String, Sendable, Hashable, CaseIterable, Codable {
    case van
    case rigidTruck = "rigid_truck"
    case articulatedTruck = "articulated_truck"
    case roadTrain = "road_train"
    case freightTrain = "freight_train"
    case containerShip = "container_ship"
    case bulkCarrier = "bulk_carrier"
    case tanker
    case generalCargo = "general_cargo"
    case barge
    case freighterAircraft = "freighter_aircraft"
    case bellyHold = "belly_hold"

    /// The mode this vehicle belongs to.
    public var mode: TransportMode {
        switch self {
        case .van, .rigidTruck, .articulatedTruck, .roadTrain: .road
        case .freightTrain: .rail
        case .containerShip, .bulkCarrier, .tanker, .generalCargo: .sea
        case .barge: .inlandWaterway
        case .freighterAircraft, .bellyHold: .air
        }
    }

    /// Largest plausible payload in tonnes.
    public var maxPayloadTonnes: Double {
        switch self {
        case .van: 3.5
        case .rigidTruck: 32
        case .articulatedTruck: 44
        case .roadTrain: 150
        case .freightTrain: 50_000
        case .containerShip: 250_000
        case .bulkCarrier: 420_000
        case .tanker: 560_000
        case .generalCargo: 60_000
        case .barge: 60_000
        case .freighterAircraft: 250
        case .bellyHold: 30
        }
    }
}
