/// Small integer codes of the enums the columns hold, without allocating `allCases` on hot paths.
extension FactorFamily {
    var code: UInt8 {
        switch self {
        case .combustion: 0
        case .transport: 1
        case .electricity: 2
        case .steam: 3
        case .refrigerant: 4
        }
    }
}

extension ActivityKind {
    var code: UInt8 {
        switch self {
        case .transport: 0
        case .electricity: 1
        case .combustion: 2
        case .refrigerant: 3
        case .facilityEnergy: 4
        case .compute: 5
        }
    }
}

/// Codes of modes, vehicles and fuels as the table stores them (position in `allCases`), computed once.
enum Codes {
    static let modes = TransportMode.allCases
    static let vehicles = VehicleType.allCases
    static let fuels = Fuel.allCases
    static let road = mode(.road)

    static func mode(_ mode: TransportMode) -> UInt8 { UInt8(modes.firstIndex(of: mode)!) }
    static func vehicle(_ vehicle: VehicleType) -> UInt8 { UInt8(vehicles.firstIndex(of: vehicle)!) }
    static func fuel(_ fuel: Fuel) -> UInt8 { UInt8(fuels.firstIndex(of: fuel)!) }
}
