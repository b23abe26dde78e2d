/// How an activity's factor was found: the factor's row in the set, and whether a less specific
/// subject or region had to be used (and why).
public struct FactorResolution: Sendable, Equatable {
    /// Index of the factor in ``FactorSet/factors``.
    public var row: Int
    /// A less specific subject was used (`freight/road` for `freight/road/van/diesel`).
    public var subjectFallback: Bool
    /// A parent region was used (`US` for `US-CAMX`, `WORLD` for `DE`).
    public var regionFallback: Bool
    /// Why, when either fallback happened.
    public var reason: String?

    public var isFallback: Bool { subjectFallback || regionFallback }
}

/// A factor set compiled for fast lookup under one GWP basis: key → factor row, and each factor's
/// kg CO2e per unit computed once.
public struct FactorIndex: Sendable {
    public let set: FactorSet
    public let basis: GWPBasis
    public let regions: RegionTree
    private let rows: [FactorKey: Int]
    /// kg CO2e per factor unit under ``basis`` (NaN when a gas has no GWP), by factor row.
    public let co2ePerUnit: [Double]
    /// The GWP basis behind each row's CO2e (nil for a published CO2e of unstated basis).
    public let basisApplied: [GWPBasis?]
    /// Per factor row, for the accounting loop: unit, heat content, reference utilisation (NaN when
    /// none) and biogenic CO2 per unit (0 when none).
    let unit: [CarbonUnit]
    let heatContent: [Double]
    let referenceUtilisation: [Double]
    let biogenic: [Double]

    public init(set: FactorSet, basis: GWPBasis = .ar6, gwp: GWPTable = .builtIn) {
        self.set = set
        self.basis = basis
        self.regions = RegionTree(factors: set.factors)
        var rows: [FactorKey: Int] = [:]
        var co2e: [Double] = []
        var applied: [GWPBasis?] = []
        for (row, factor) in set.factors.enumerated() {
            rows[factor.key] = rows[factor.key] ?? row
            let value = factor.co2ePerUnit(basis, table: gwp)
            co2e.append(value?.kg ?? .nan)
            applied.append(value?.basis)
        }
        self.rows = rows
        self.co2ePerUnit = co2e
        self.basisApplied = applied
        self.unit = set.factors.map(\.unit)
        self.heatContent = set.factors.map { $0.heatContentMMBtu ?? .nan }
        self.referenceUtilisation = set.factors.map { $0.referenceUtilisation ?? .nan }
        self.biogenic = set.factors.map { $0.biogenicCO2 ?? 0 }
    }

    /// The row of the factor with exactly this key.
    public func row(_ key: FactorKey) -> Int? { rows[key] }

    /// The most specific factor for `subject` in `region`: the full subject first, in the region,
    /// its country, then the world; then each shorter subject (`a/b/c` → `a/b` → `a`) the same way.
    public func resolve(family: FactorFamily, subject: String, region: String?) -> FactorResolution? {
        let chain = regions.chain(region)
        var subjects = [subject]
        var current = Substring(subject)
        while let slash = current.lastIndex(of: "/") {
            current = current[..<slash]
            subjects.append(String(current))
        }
        for (s, candidate) in subjects.enumerated() {
            for (r, place) in chain.enumerated() {
                guard let row = rows[FactorKey(family: family, subject: candidate, region: place)] else { continue }
                var reasons: [String] = []
                if s > 0 { reasons.append("no factor for \(subject); used the less specific \(candidate)") }
                if r > 0 { reasons.append("no factor for region \(chain[0]); used \(set.factors[row].region)") }
                return FactorResolution(
                    row: row, subjectFallback: s > 0, regionFallback: r > 0,
                    reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "))
            }
        }
        return nil
    }
}
