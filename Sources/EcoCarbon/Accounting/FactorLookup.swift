/// What an activity is accounted as: the factor family and subject to look up, and the quantity
/// to multiply, in its unit.
public struct FactorLookup: Sendable, Equatable {
    /// How a transport activity is measured.
    public enum TransportBasis: UInt8, Sendable { case fuel, freight, vehicle }

    public var family: FactorFamily
    public var subject: String
    public var quantity: Double
    public var unit: CarbonUnit
    public var transportBasis: TransportBasis?

    /// The lookup of `activity` (already validated).
    public static func of(_ activity: Activity) -> FactorLookup {
        switch activity.detail {
        case .transport(let t):
            if let quantity = t.fuelQuantity, let unit = t.fuelUnit, let fuel = t.fuel {
                return FactorLookup(family: .combustion, subject: fuel.rawValue, quantity: quantity, unit: unit, transportBasis: .fuel)
            }
            if let tonneKm = t.freightTonneKm {
                return FactorLookup(family: .transport, subject: freightSubject(t.mode, t.vehicle, t.fuel), quantity: tonneKm, unit: .tonneKm, transportBasis: .freight)
            }
            if t.loadIsMissing {  // NaN until a load estimate is applied (ActivityTable.apply)
                return FactorLookup(family: .transport, subject: freightSubject(t.mode, t.vehicle, t.fuel), quantity: .nan, unit: .tonneKm, transportBasis: .freight)
            }
            return FactorLookup(family: .transport, subject: vehicleSubject(t.vehicle, t.fuel), quantity: t.distanceKm ?? 0, unit: .vehicleKm, transportBasis: .vehicle)
        case .electricity(let e):
            return FactorLookup(family: .electricity, subject: "grid", quantity: e.kWh, unit: .kWh)
        case .combustion(let c):
            // NaN until a unit estimate is applied (FuelUnitEstimator); the placeholder unit is never converted.
            return FactorLookup(family: .combustion, subject: c.fuel.rawValue, quantity: c.unit == nil ? .nan : c.quantity, unit: c.unit ?? .kWh)
        case .refrigerant(let r):
            return FactorLookup(family: .refrigerant, subject: r.gas, quantity: r.kg, unit: .kg)
        case .facilityEnergy(let f):
            switch f.carrier {
            case .electricity: return FactorLookup(family: .electricity, subject: "grid", quantity: f.quantity, unit: f.unit)
            case .steam, .heat: return FactorLookup(family: .steam, subject: "steam_heat", quantity: f.quantity, unit: f.unit)
            case .cooling: return FactorLookup(family: .steam, subject: "cooling", quantity: f.quantity, unit: f.unit)
            }
        case .compute(let c):
            return FactorLookup(family: .electricity, subject: "grid", quantity: c.energyKWh ?? 0, unit: .kWh)
        }
    }

    /// `freight/<mode>/<vehicle or any>/<fuel>`, shortened when the tail is unknown.
    public static func freightSubject(_ mode: TransportMode, _ vehicle: VehicleType?, _ fuel: Fuel?) -> String {
        var subject = "freight/\(mode.rawValue)"
        if vehicle != nil || fuel != nil { subject += "/\(vehicle?.rawValue ?? "any")" }
        if let fuel { subject += "/\(fuel.rawValue)" }
        return subject
    }

    /// `vehicle/road/<vehicle or any>/<fuel>`, shortened when the tail is unknown.
    public static func vehicleSubject(_ vehicle: VehicleType?, _ fuel: Fuel?) -> String {
        var subject = "vehicle/road"
        if vehicle != nil || fuel != nil { subject += "/\(vehicle?.rawValue ?? "any")" }
        if let fuel { subject += "/\(fuel.rawValue)" }
        return subject
    }
}
