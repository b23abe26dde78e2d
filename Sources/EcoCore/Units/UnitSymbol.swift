import Foundation

/// Spelling variants of unit symbols, folded to one normalized key.
enum UnitSymbol {
    /// Lower-cased, with ° µ ³ and common words folded: `°F` → `degf`, `µg/m³` → `ug/m3`.
    static func normalize(_ symbol: String) -> String {
        var s = symbol.trimmingCharacters(in: .whitespaces).lowercased()
        for (from, to) in replacements { s = s.replacingOccurrences(of: from, with: to) }
        return aliases[s] ?? s
    }

    /// The conventional way to print a normalized key.
    static func display(_ normalized: String) -> String {
        displayNames[normalized] ?? normalized
    }

    private static let replacements: [(String, String)] = [
        ("μ", "u"), ("µ", "u"), ("³", "3"), ("°", "deg"), (" ", ""), ("per", "/"),
    ]

    private static let aliases: [String: String] = [
        "c": "degc", "celsius": "degc", "degreescelsius": "degc", "degc": "degc",
        "f": "degf", "fahrenheit": "degf", "degreesfahrenheit": "degf",
        "kelvin": "k",
        "inch": "in", "inches": "in", "millimeters": "mm", "millimetres": "mm",
        "m/s": "m/s", "ms-1": "m/s", "mps": "m/s",
        "kmh": "km/h", "kph": "km/h", "km/hr": "km/h",
        "knots": "kn", "knot": "kn", "kt": "kn", "kts": "kn",
        "millibar": "mbar", "mb": "mbar",
        "ugm-3": "ug/m3", "mgm-3": "mg/m3",
        "percent": "%", "pct": "%",
        "tonne": "t", "tonnes": "t", "kgco2e": "kg", "tco2e": "t",
        "mg/l": "mg/l", "ug/l": "ug/l",
        "dimensionless": "1", "unitless": "1", "": "1", "ph": "1",
    ]

    private static let displayNames: [String: String] = [
        "degc": "°C", "degf": "°F", "k": "K", "in": "in", "cm": "cm", "m": "m", "mph": "mph", "km/h": "km/h",
        "kn": "kn", "pa": "Pa", "kpa": "kPa", "hpa": "hPa", "mbar": "mbar", "ppm": "ppm", "ppb": "ppb",
        "ug/m3": "µg/m³", "mg/m3": "mg/m³", "fraction": "fraction", "g": "g", "t": "t", "ug/l": "µg/L",
    ]
}
