/// Computes CO2e = quantity (in the factor's unit) × kg CO2e per unit for every activity, with the
/// factor found by subject and region fallback, and market-based Scope 2 beside location-based.
///
/// Factor resolution is done once per distinct (family, subject, region) of a table, so the pass
/// over the rows is a few array reads and multiplications each.
public struct Accountant: Sendable {
    public let index: FactorIndex

    /// An accountant for `set`, with gases weighted by `basis`.
    public init(set: FactorSet, basis: GWPBasis = .ar6, gwp: GWPTable = .builtIn) {
        self.index = FactorIndex(set: set, basis: basis, gwp: gwp)
    }

    public init(index: FactorIndex) {
        self.index = index
    }

    /// The accounting of every row of `table`.
    public func account(_ table: ActivityTable) -> AccountingResult {
        var result = AccountingResult(count: table.count, set: index.set, basis: index.basis)
        var cache = ResolutionCache(index: index, subjects: table.subjects, regions: table.regions)
        for i in 0..<table.count {
            let location = cache.resolve(table.family[i], table.subject[i], table.region[i])
            let input = LineInput(
                family: table.family[i], quantity: table.quantity[i], unit: table.unit[i], utilisation: table.utilisation[i],
                instrumentShare: table.instrumentShare[i], instrumentRate: table.instrumentRate[i], supplierRate: table.supplierRate[i])
            let out = LineCalculator.compute(input, location: location, residual: { cache.residualMix(table.region[i]) }, index: index)
            result.set(i, out)
        }
        return result
    }

    /// Convenience: the table of `activities` and its accounting.
    public func account(_ activities: [Activity]) -> (table: ActivityTable, result: AccountingResult) {
        let table = ActivityTable(activities)
        return (table, account(table))
    }
}

/// Factor resolutions memoised per (family, subject id, region id), with the interners the ids come from.
struct ResolutionCache {
    let index: FactorIndex
    /// Subject and region names by id; a simulation adds the names its levers introduce.
    var subjects: Interner
    var regions: Interner
    private var cache: [UInt64: FactorResolution?] = [:]

    init(index: FactorIndex, subjects: Interner, regions: Interner) {
        self.index = index
        self.subjects = subjects
        self.regions = regions
    }

    @inline(__always)
    mutating func resolve(_ family: FactorFamily, _ subject: Int32, _ region: Int32) -> FactorResolution? {
        let key = UInt64(family.code) << 56 | UInt64(UInt32(bitPattern: subject)) << 28 | UInt64(UInt32(bitPattern: region))
        if let cached = cache[key] { return cached }
        let resolved = index.resolve(family: family, subject: subjects.name(subject) ?? "", region: regions.name(region))
        cache[key] = resolved
        return resolved
    }

    /// The residual-mix factor of a region (family electricity, subject `residual_mix`).
    mutating func residualMix(_ region: Int32) -> FactorResolution? {
        let key = UInt64(1) << 63 | UInt64(UInt32(bitPattern: region))
        if let cached = cache[key] { return cached }
        let resolved = index.resolve(family: .electricity, subject: "residual_mix", region: regions.name(region))
        cache[key] = resolved
        return resolved
    }
}
