/// A period recomputed under another factor set (or GWP basis): both figures and the difference,
/// in total and per factor subject, so a change of factors is explained rather than silent.
public struct Restatement: Sendable, Equatable {
    /// One subject's figures under the original and the restated set.
    public struct Line: Sendable, Equatable {
        public var family: FactorFamily
        public var subject: String
        public var originalKg: Double
        public var restatedKg: Double
        public var differenceKg: Double { restatedKg - originalKg }
        /// The factors cited on each side.
        public var originalFactorIds: [String]
        public var restatedFactorIds: [String]
    }

    public var originalVersion: String
    public var restatedVersion: String
    public var originalKg: Double
    public var restatedKg: Double
    public var differenceKg: Double { restatedKg - originalKg }
    /// Change relative to the original, in percent (nil when the original is 0).
    public var differencePercent: Double? { originalKg == 0 ? nil : differenceKg / originalKg * 100 }
    /// Market-based totals on each side.
    public var originalMarketKg: Double
    public var restatedMarketKg: Double
    /// Activities unaccounted on each side.
    public var originalUnaccounted: Int
    public var restatedUnaccounted: Int
    /// Per subject, largest absolute difference first.
    public var lines: [Line]

    /// Accounts `table` under both indexes and compares.
    public static func compare(_ table: ActivityTable, original: FactorIndex, restated: FactorIndex) -> Restatement {
        let a = Accountant(index: original).account(table)
        let b = Accountant(index: restated).account(table)
        var lines: [Int64: Line] = [:]
        var citedA: [Int64: Set<String>] = [:], citedB: [Int64: Set<String>] = [:]
        for i in 0..<table.count {
            let key = Int64(table.family[i].code) << 32 | Int64(table.subject[i])
            var line = lines[key] ?? Line(
                family: table.family[i], subject: table.subjects.name(table.subject[i]) ?? "", originalKg: 0, restatedKg: 0,
                originalFactorIds: [], restatedFactorIds: [])
            if !a.locationKg[i].isNaN { line.originalKg += a.locationKg[i] }
            if !b.locationKg[i].isNaN { line.restatedKg += b.locationKg[i] }
            if a.factorRow[i] >= 0 { citedA[key, default: []].insert(original.set.factors[Int(a.factorRow[i])].id) }
            if b.factorRow[i] >= 0 { citedB[key, default: []].insert(restated.set.factors[Int(b.factorRow[i])].id) }
            lines[key] = line
        }
        var sorted = lines.map { key, line in
            var line = line
            line.originalFactorIds = (citedA[key] ?? []).sorted()
            line.restatedFactorIds = (citedB[key] ?? []).sorted()
            return line
        }
        sorted.sort { abs($0.differenceKg) > abs($1.differenceKg) || (abs($0.differenceKg) == abs($1.differenceKg) && $0.subject < $1.subject) }
        return Restatement(
            originalVersion: original.set.version, restatedVersion: restated.set.version,
            originalKg: a.totalLocationKg, restatedKg: b.totalLocationKg,
            originalMarketKg: a.totalMarketKg, restatedMarketKg: b.totalMarketKg,
            originalUnaccounted: a.unaccountedCount, restatedUnaccounted: b.unaccountedCount, lines: sorted)
    }
}
