/// One change a what-if scenario makes. Optional `supplier` / `facility` restrict it to one entity.
public enum Lever: Sendable, Equatable, Codable {
    /// Move `share` (0…1) of the tonne-km carried by `from` to `to` (e.g. road → rail).
    case shiftMode(from: TransportMode, to: TransportMode, share: Double, supplier: String?)
    /// Raise the utilisation of `mode` vehicles to `loadFactor`; rows without a load factor use
    /// `assumedCurrent` (when nil, they are left unchanged and counted as not applicable).
    case raiseLoadFactor(mode: TransportMode, loadFactor: Double, assumedCurrent: Double?, supplier: String?)
    /// Burn `to` instead of `from` for the same energy (combustion and fuel-based transport).
    case switchFuel(from: Fuel, to: Fuel, supplier: String?, facility: String?)
    /// Cover a further `share` (0…1) of purchased electricity with zero-emission certificates or a PPA.
    case renewableElectricity(share: Double, supplier: String?, facility: String?)
    /// Supply `facility` from the grid of `region` instead of its own.
    case moveFacility(facility: String, region: String)

    /// A sentence describing the lever.
    public var summary: String {
        switch self {
        case let .shiftMode(from, to, share, supplier):
            "Shift \(Self.percent(share)) of \(from.rawValue) tonne-km to \(to.rawValue)\(Self.scope(supplier, nil))"
        case let .raiseLoadFactor(mode, loadFactor, _, supplier):
            "Raise \(mode.rawValue) load factors to \(Self.percent(loadFactor))\(Self.scope(supplier, nil))"
        case let .switchFuel(from, to, supplier, facility):
            "Switch \(from.rawValue) to \(to.rawValue)\(Self.scope(supplier, facility))"
        case let .renewableElectricity(share, supplier, facility):
            "Buy \(Self.percent(share)) renewable electricity (certificates or PPA)\(Self.scope(supplier, facility))"
        case let .moveFacility(facility, region):
            "Supply facility \(facility) from the \(region) grid"
        }
    }

    /// Throws when a share or load factor is out of range.
    public func validate() throws(CarbonError) {
        switch self {
        case let .shiftMode(from, to, share, _):
            guard (0...1).contains(share) else { throw .invalidRequest("shiftMode share \(share) must be 0 … 1 (0.3 for 30 %).") }
            guard from != to else { throw .invalidRequest("shiftMode moves freight between two different modes; \(from.rawValue) → \(to.rawValue) changes nothing.") }
        case let .raiseLoadFactor(_, loadFactor, assumed, _):
            guard loadFactor > 0, loadFactor <= 1 else { throw .invalidRequest("raiseLoadFactor loadFactor \(loadFactor) must be in (0, 1].") }
            if let assumed, !(assumed > 0 && assumed <= 1) { throw .invalidRequest("raiseLoadFactor assumedCurrent \(assumed) must be in (0, 1].") }
        case let .switchFuel(from, to, _, _):
            guard from != to, from.isCombustible, to.isCombustible else { throw .invalidRequest("switchFuel needs two different combustible fuels, not \(from.rawValue) → \(to.rawValue).") }
        case let .renewableElectricity(share, _, _):
            guard (0...1).contains(share) else { throw .invalidRequest("renewableElectricity share \(share) must be 0 … 1 (0.5 for 50 %).") }
        case let .moveFacility(facility, region):
            guard !facility.isEmpty, !region.isEmpty else { throw .invalidRequest("moveFacility needs a facility and a region code, e.g. FR or US-CAMX.") }
        }
    }

    private static func percent(_ share: Double) -> String {
        let value = share * 100
        return value == value.rounded() ? "\(Int(value)) %" : "\(value) %"
    }

    private static func scope(_ supplier: String?, _ facility: String?) -> String {
        if let supplier { return " for supplier \(supplier)" }
        if let facility { return " at facility \(facility)" }
        return ""
    }
}

/// A named combination of levers, applied in order.
public struct Scenario: Sendable, Equatable, Codable {
    public var name: String
    public var levers: [Lever]

    public init(name: String, levers: [Lever]) {
        self.name = name
        self.levers = levers
    }
}
