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
            let residual = input.family == .electricity ? cache.residualMix(table.region[i]) : nil
            let out = LineCalculator.compute(input, location: location, residual: residual, index: index)
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

/// Factor resolutions memoised per (family, subject id, region id), with the interners the ids come
/// from: a dense table for the ids known at the start, a dictionary for names added later.
struct ResolutionCache {
    let index: FactorIndex
    /// Subject and region names by id; a simulation adds the names its levers introduce.
    var subjects: Interner
    var regions: Interner
    private let subjectSlots: Int
    private let regionSlots: Int
    /// Per dense key: 0 unknown, 1 no factor, k + 2 → `hits[k]`.
    private var dense: [Int32]
    private var hits: [FactorHit] = []
    private var sparse: [UInt64: FactorHit?] = [:]

    init(index: FactorIndex, subjects: Interner, regions: Interner) {
        self.index = index
        self.subjects = subjects
        self.regions = regions
        subjectSlots = subjects.count + 1
        regionSlots = regions.count
        dense = Array(repeating: 0, count: (FactorFamily.allCases.count + 1) * subjectSlots * max(regionSlots, 1))
    }

    /// The resolution of `subject` in `region`; subject id -1 stands for the residual mix.
    @inline(__always)
    mutating func resolve(_ family: FactorFamily, _ subject: Int32, _ region: Int32) -> FactorHit? {
        if subject < Int32(subjectSlots - 1), region >= 0, region < Int32(regionSlots), subject >= -1 {
            let slot = (Int(family.code) * subjectSlots + Int(subject + 1)) * regionSlots + Int(region)
            let entry = dense[slot]
            if entry == 1 { return nil }
            if entry > 1 { return hits[Int(entry) - 2] }
            let resolved = lookUp(family, subject, region)
            if let resolved {
                hits.append(resolved)
                dense[slot] = Int32(hits.count + 1)
            } else {
                dense[slot] = 1
            }
            return resolved
        }
        let key = UInt64(family.code) << 56 | UInt64(UInt32(bitPattern: subject)) << 28 | UInt64(UInt32(bitPattern: region))
        if let cached = sparse[key] { return cached }
        let resolved = lookUp(family, subject, region)
        sparse[key] = resolved
        return resolved
    }

    /// The residual-mix factor of a region (family electricity, subject `residual_mix`).
    @inline(__always)
    mutating func residualMix(_ region: Int32) -> FactorHit? {
        resolve(.electricity, -1, region)
    }

    private func lookUp(_ family: FactorFamily, _ subject: Int32, _ region: Int32) -> FactorHit? {
        let name = subject == -1 ? "residual_mix" : subjects.name(subject) ?? ""
        return index.resolve(family: family, subject: name, region: regions.name(region)).map(FactorHit.init)
    }
}

/// A resolved factor as the row loops use it: its row in the set and the fallbacks taken, without the
/// reason text, so copying one costs no reference counting (threads simulating halves of a period
/// would otherwise contend on the shared strings' counts).
struct FactorHit {
    var row: Int
    /// 1: a less specific subject, 2: a parent region (as ``AccountingResult/fallback``).
    var fallback: UInt8

    init(_ resolution: FactorResolution) {
        row = resolution.row
        fallback = (resolution.subjectFallback ? 1 : 0) | (resolution.regionFallback ? 2 : 0)
    }
}
