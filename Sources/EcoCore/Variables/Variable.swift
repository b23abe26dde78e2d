/// A measurable quantity EcoTrack knows: its canonical unit, domain, valid range and aggregation.
///
/// Values are always stored in the canonical `unit`; ingest converts other units into it
/// (see `UnitConverter`) and rejects values outside `validRange`.
public struct Variable: Codable, Sendable, Hashable {
    /// Machine name, lowercase with underscores: `temperature_2m`, `pm25`.
    public var name: String
    /// Canonical unit symbol, e.g. `°C`, `µg/m³`, `1` for dimensionless.
    public var unit: String
    public var domain: Domain
    /// Smallest physically plausible value, in the canonical unit.
    public var validMin: Double?
    /// Largest physically plausible value, in the canonical unit.
    public var validMax: Double?
    public var aggregation: Aggregation
    /// One line for people: what it is and how it is measured.
    public var description: String
    /// Molar mass in g/mol for gases whose mixing ratio can be converted to a mass concentration.
    public var molarMass: Double?
    /// True for the catalogue's own variables, false for user-registered ones.
    public var builtIn: Bool

    public init(
        name: String, unit: String, domain: Domain, validMin: Double? = nil, validMax: Double? = nil,
        aggregation: Aggregation = .mean, description: String = "", molarMass: Double? = nil, builtIn: Bool = false
    ) {
        self.name = name
        self.unit = unit
        self.domain = domain
        self.validMin = validMin
        self.validMax = validMax
        self.aggregation = aggregation
        self.description = description
        self.molarMass = molarMass
        self.builtIn = builtIn
    }

    /// Whether `value` (canonical unit) lies within the variable's valid range.
    public func accepts(_ value: Double) -> Bool {
        if let validMin, value < validMin { return false }
        if let validMax, value > validMax { return false }
        return true
    }

    /// The valid range as people read it: `-90…60 °C`, `≥ 0 mm`.
    public var validRangeDescription: String {
        switch (validMin, validMax) {
        case let (lo?, hi?): return "\(lo.compact)…\(hi.compact) \(unit)"
        case let (lo?, nil): return "≥ \(lo.compact) \(unit)"
        case let (nil, hi?): return "≤ \(hi.compact) \(unit)"
        case (nil, nil): return "any value"
        }
    }
}

extension Double {
    /// `12` rather than `12.0`; other values unchanged.
    var compact: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
