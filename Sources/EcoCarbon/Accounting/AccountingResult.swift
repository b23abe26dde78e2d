/// Whether an activity got a CO2e figure, and if not, why.
public enum LineStatus: UInt8, Sendable, Equatable, Codable {
    case accounted
    /// No factor for its subject in its region or any parent region: flagged, never zero.
    case noFactor
    /// The factor is per a unit the activity's quantity cannot be converted to.
    case unitMismatch
    /// The factor names a gas without a GWP under the chosen basis.
    case noGWP
    /// A field the quantity needs is missing (a freight leg's load) and no estimate was applied.
    case missingField
}

/// Where the market-based figure of an electricity row came from (GHG Protocol Scope 2 Guidance,
/// Table 6.3 hierarchy), for the part not covered by a contractual instrument.
public enum MarketBasis: UInt8, Sendable, Equatable, Codable {
    /// Fully covered by certificates, a PPA or a green tariff.
    case contractualInstrument
    /// The electricity supplier's own emission rate.
    case supplierSpecific
    /// The residual mix of the region (grid minus claimed attributes).
    case residualMix
    /// No residual mix known for the region: the location-based grid average, as the Guidance allows, disclosed.
    case gridAverage
}

/// Accounting of an ``ActivityTable`` under one factor set and GWP basis, in columns aligned with the table.
public struct AccountingResult: Sendable {
    /// Version of the set and basis used.
    public let setName: String
    public let setVersion: String
    public let basis: GWPBasis
    /// kg CO2e, location-based for electricity; NaN when not accounted.
    public internal(set) var locationKg: [Double]
    /// kg CO2e, market-based for electricity and equal to ``locationKg`` otherwise; NaN when not accounted.
    public internal(set) var marketKg: [Double]
    /// Biogenic CO2 in kg (outside the scopes), 0 when none.
    public internal(set) var biogenicKg: [Double]
    public internal(set) var status: [LineStatus]
    /// Factor row used for ``locationKg`` (-1 none) and the fallback bits (1 subject, 2 region).
    public internal(set) var factorRow: [Int32]
    public internal(set) var fallback: [UInt8]
    /// The activity's quantity converted to the factor's unit.
    public internal(set) var factorQuantity: [Double]
    /// Electricity only: basis and factor row of the market-based remainder (-1 none).
    public internal(set) var marketBasis: [MarketBasis?]
    public internal(set) var marketFactorRow: [Int32]

    init(count n: Int, set: FactorSet, basis: GWPBasis) {
        setName = set.name
        setVersion = set.version
        self.basis = basis
        locationKg = Array(repeating: .nan, count: n)
        marketKg = Array(repeating: .nan, count: n)
        biogenicKg = Array(repeating: 0, count: n)
        status = Array(repeating: .noFactor, count: n)
        factorRow = Array(repeating: -1, count: n)
        fallback = Array(repeating: 0, count: n)
        factorQuantity = Array(repeating: .nan, count: n)
        marketBasis = Array(repeating: nil, count: n)
        marketFactorRow = Array(repeating: -1, count: n)
    }

    /// Number of rows.
    public var count: Int { status.count }

    @inline(__always)
    mutating func set(_ i: Int, _ out: LineOutput) {
        status[i] = out.status
        locationKg[i] = out.locationKg
        marketKg[i] = out.marketKg
        biogenicKg[i] = out.biogenicKg
        factorRow[i] = out.factorRow
        fallback[i] = out.fallback
        factorQuantity[i] = out.factorQuantity
        marketBasis[i] = out.marketBasis
        marketFactorRow[i] = out.marketRow
    }

    /// Sum of the accounted location-based figures.
    public var totalLocationKg: Double { locationKg.reduce(0) { $1.isNaN ? $0 : $0 + $1 } }
    /// Sum of the accounted market-based figures.
    public var totalMarketKg: Double { marketKg.reduce(0) { $1.isNaN ? $0 : $0 + $1 } }
    /// Rows without a figure.
    public var unaccountedCount: Int { status.reduce(0) { $1 == .accounted ? $0 : $0 + 1 } }
}
