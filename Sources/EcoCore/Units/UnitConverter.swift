/// An affine map `value × scale + offset` into a canonical unit.
public struct UnitConversion: Sendable, Equatable {
    public var scale: Double
    public var offset: Double
    /// °F → °C is computed as (v − 32) × 5/9, the textbook order, so exact inputs stay exact.
    var fahrenheit = false

    public static let identity = UnitConversion(scale: 1, offset: 0)

    public func apply(_ value: Double) -> Double {
        if fahrenheit { return (value - 32) * 5 / 9 }
        return self == .identity ? value : value * scale + offset
    }
}

/// Converts values in the units clients send into a variable's canonical unit.
///
/// Gas conversions between mixing ratio (ppb, ppm) and mass concentration (µg/m³, mg/m³)
/// assume 25 °C and 1 atm, where one mole of ideal gas occupies 24.45 L — the convention
/// of the US EPA (e.g. 40 CFR Part 50 and AirNow's conversion factors):
/// µg/m³ = ppb × M / 24.45 and mg/m³ = ppm × M / 24.45, with M the molar mass in g/mol.
public enum UnitConverter {
    /// Molar volume of an ideal gas at 25 °C and 101.325 kPa, in litres per mole.
    public static let molarVolumeLitres = 24.45

    /// `value` in `unit`, expressed in the variable's canonical unit.
    /// A nil or empty `unit` means the value is already canonical.
    public static func toCanonical(_ value: Double, unit: String?, for variable: Variable) throws(EcoError) -> Double {
        try conversion(from: unit, for: variable).apply(value)
    }

    /// The conversion from `unit` into the variable's canonical unit, to apply to many values
    /// (ingest resolves it once per unit and variable, not per record).
    public static func conversion(from unit: String?, for variable: Variable) throws(EcoError) -> UnitConversion {
        guard let unit, !unit.isEmpty else { return .identity }
        let from = UnitSymbol.normalize(unit)
        let to = UnitSymbol.normalize(variable.unit)
        if from == to { return .identity }
        if let factor = linearFactors[UnitPair(from: from, to: to)] { return UnitConversion(scale: factor, offset: 0) }
        switch (from, to) {
        case ("degf", "degc"): return UnitConversion(scale: 5.0 / 9.0, offset: -32 * 5.0 / 9.0, fahrenheit: true)
        case ("k", "degc"): return UnitConversion(scale: 1, offset: -273.15)
        default: break
        }
        if let molarMass = variable.molarMass, let factor = gasConversion(1, from: from, to: to, molarMass: molarMass) {
            return UnitConversion(scale: factor, offset: 0)
        }
        throw .unknownUnit(unit: unit, variable: variable.name, accepted: acceptedUnits(for: variable))
    }

    /// Every unit symbol that converts into the variable's canonical unit (canonical first).
    public static func acceptedUnits(for variable: Variable) -> [String] {
        let to = UnitSymbol.normalize(variable.unit)
        var result = [variable.unit]
        for (pair, _) in linearFactors where pair.to == to { result.append(UnitSymbol.display(pair.from)) }
        if to == "degc" { result += ["°F", "K"] }
        if variable.molarMass != nil {
            for unit in ["ppb", "ppm", "µg/m³", "mg/m³"] where UnitSymbol.normalize(unit) != to { result.append(unit) }
        }
        var seen = Set<String>()
        return result.filter { seen.insert($0).inserted }.sorted { $0 == variable.unit ? true : ($1 == variable.unit ? false : $0 < $1) }
    }

    private struct UnitPair: Hashable { var from: String; var to: String }

    /// Multiplicative conversions, keyed by normalized symbols. Factors are exact definitions
    /// (1 in = 25.4 mm, 1 mile = 1609.344 m, 1 knot = 1852 m/h) unless noted.
    private static let linearFactors: [UnitPair: Double] = [
        UnitPair(from: "in", to: "mm"): 25.4,
        UnitPair(from: "cm", to: "mm"): 10,
        UnitPair(from: "m", to: "mm"): 1000,
        UnitPair(from: "mph", to: "m/s"): 1609.344 / 3600,
        UnitPair(from: "km/h", to: "m/s"): 1000.0 / 3600,
        UnitPair(from: "kn", to: "m/s"): 1852.0 / 3600,
        UnitPair(from: "pa", to: "hpa"): 0.01,
        UnitPair(from: "kpa", to: "hpa"): 10,
        UnitPair(from: "mbar", to: "hpa"): 1,
        UnitPair(from: "ppm", to: "ppb"): 1000,
        UnitPair(from: "ppb", to: "ppm"): 0.001,
        UnitPair(from: "mg/m3", to: "ug/m3"): 1000,
        UnitPair(from: "ug/m3", to: "mg/m3"): 0.001,
        UnitPair(from: "fraction", to: "%"): 100,
        UnitPair(from: "g", to: "kg"): 0.001,
        UnitPair(from: "t", to: "kg"): 1000,
        UnitPair(from: "ug/l", to: "mg/l"): 0.001,
        UnitPair(from: "ug/l", to: "mg/m3"): 1, // 1 µg/L = 1 mg/m³ (chlorophyll-a is reported in both)
    ]

    /// ppb/ppm ↔ µg/m³ or mg/m³ for a gas of molar mass `molarMass` at 25 °C, 1 atm.
    private static func gasConversion(_ value: Double, from: String, to: String, molarMass: Double) -> Double? {
        // Express both sides relative to ppb and µg/m³.
        let ppbPerUnit: [String: Double] = ["ppb": 1, "ppm": 1000]
        let ugPerUnit: [String: Double] = ["ug/m3": 1, "mg/m3": 1000]
        if let ppb = ppbPerUnit[from], let ug = ugPerUnit[to] {
            return value * ppb * molarMass / molarVolumeLitres / ug
        }
        if let ug = ugPerUnit[from], let ppb = ppbPerUnit[to] {
            return value * ug * molarVolumeLitres / molarMass / ppb
        }
        return nil
    }
}
