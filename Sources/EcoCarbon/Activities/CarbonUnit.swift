/// Units of activity quantities and factor denominators, grouped by physical dimension.
///
/// Conversions are exact by definition (NIST SP 811): 1 US gallon = 3.785411784 L,
/// 1 lb = 0.45359237 kg, 1 mile = 1.609344 km, 1 short ton = 2000 lb, 1 Btu (IT) = 1055.05585262 J,
/// 1 standard cubic foot = 0.028316846592 m³.
public enum CarbonUnit: String, Sendable, Hashable, CaseIterable, Codable {
    case kWh, MWh, GJ, mmBtu, therm
    case litre = "L", cubicMetre = "m3", gallon = "gal", standardCubicFoot = "scf"
    case kg, tonne = "t", shortTon = "short_ton", pound = "lb"
    case tonneKm = "tkm", shortTonMile = "short_ton_mile"
    case vehicleKm = "vkm", vehicleMile = "vehicle_mile"
    case cpuHour = "cpu_h"

    /// What a unit measures; only units of one dimension convert into each other.
    public enum Dimension: String, Sendable {
        case energy, volume, mass, freight, vehicleDistance = "vehicle distance", computeTime = "compute time"
    }

    /// The unit's dimension.
    public var dimension: Dimension {
        switch self {
        case .kWh, .MWh, .GJ, .mmBtu, .therm: .energy
        case .litre, .cubicMetre, .gallon, .standardCubicFoot: .volume
        case .kg, .tonne, .shortTon, .pound: .mass
        case .tonneKm, .shortTonMile: .freight
        case .vehicleKm, .vehicleMile: .vehicleDistance
        case .cpuHour: .computeTime
        }
    }

    /// Size of one unit in its dimension's base unit (kWh, L, kg, tkm, vkm, CPU-hour).
    public var inBase: Double {
        switch self {
        case .kWh, .litre, .kg, .tonneKm, .vehicleKm, .cpuHour: 1
        case .MWh: 1000
        case .GJ: 1e9 / 3.6e6
        case .mmBtu: 1055.05585262e6 / 3.6e6
        case .therm: 105.505585262e6 / 3.6e6
        case .cubicMetre: 1000
        case .gallon: 3.785411784
        case .standardCubicFoot: 28.316846592
        case .tonne: 1000
        case .shortTon: 907.18474
        case .pound: 0.45359237
        case .shortTonMile: 0.90718474 * 1.609344
        case .vehicleMile: 1.609344
        }
    }

    /// The unit named by `text` (its symbol, case-insensitive, with a few common spellings).
    public init?(text: String) {
        let key = text.trimmingSpaces().lowercased()
        if let unit = CarbonUnit.allCases.first(where: { $0.rawValue.lowercased() == key }) {
            self = unit
            return
        }
        switch key {
        case "litre", "liter", "litres", "liters", "l": self = .litre
        case "gallon", "gallons", "us_gal", "usgal": self = .gallon
        case "m³", "cubic_metre", "cubic_meter": self = .cubicMetre
        case "tonne", "tonnes", "metric_ton": self = .tonne
        case "tonne-km", "tonne_km", "t-km", "tkm": self = .tonneKm
        case "ton-mile", "ton_mile", "short_ton-mile": self = .shortTonMile
        case "vehicle-km", "vehicle_km": self = .vehicleKm
        case "vehicle-mile": self = .vehicleMile
        case "mmbtu", "million_btu": self = .mmBtu
        case "cpu-hour", "cpu_hours", "cpu-hours", "cpuh": self = .cpuHour
        default: return nil
        }
    }

    /// The multiplier taking a quantity in `self` to `target`, or nil across dimensions.
    public func factor(to target: CarbonUnit) -> Double? {
        guard dimension == target.dimension else { return nil }
        return inBase / target.inBase
    }

    /// All symbols, for error messages.
    static func symbols(of dimensions: Set<Dimension>) -> String {
        allCases.filter { dimensions.contains($0.dimension) }.map(\.rawValue).joined(separator: ", ")
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" || first == "\n" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" || last == "\n" { slice = slice.dropLast() }
        return String(slice)
    }
}
