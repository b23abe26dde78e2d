/// Runs what-if scenarios over a period's activities: each lever rewrites the activities it matches
/// (mode, load factor, fuel, certificates, grid region), which are then accounted again with the
/// same factor set. Activities no lever matches keep their baseline figures, so a scenario costs
/// one pass over the rows plus the accounting of the rows it changes.
public struct Simulator: Sendable {
    public let table: ActivityTable
    public let baseline: AccountingResult
    public let index: FactorIndex

    public init(table: ActivityTable, baseline: AccountingResult, index: FactorIndex) {
        self.table = table
        self.baseline = baseline
        self.index = index
    }

    /// The scenario's result over the rows matching `filter`.
    ///
    /// - Throws: ``CarbonError/invalidRequest(_:)`` for a lever out of range or naming an unknown supplier or facility.
    public func simulate(_ scenario: Scenario, filter: RowFilter = .all) throws(CarbonError) -> SimulationResult {
        guard !scenario.levers.isEmpty else { throw .invalidRequest("The scenario has no levers; add at least one change, e.g. shiftMode.") }
        for lever in scenario.levers { try lever.validate() }
        var rewriter = try LeverRewriter(table: table, index: index, levers: scenario.levers)
        let match = filter.compiled(for: table)
        var totals = ScopeTotals()
        var effects = scenario.levers.map { LeverEffect(summary: $0.summary, affectedActivities: 0, notApplicable: 0, deltaKg: 0, deltaMarketKg: 0) }
        var used = Set<Int64>()
        for i in 0..<table.count where match.matches(i, table) {
            let baseLocation = baseline.locationKg[i].isNaN ? 0 : baseline.locationKg[i]
            let baseMarket = baseline.marketKg[i].isNaN ? 0 : baseline.marketKg[i]
            let line = ScopeTotals.line(table.scope[i], table.category[i])
            totals.add(line, baseLocation, baseMarket, baseLocation, baseMarket)
            guard rewriter.mayApply(row: i) else { continue }
            var parts = [rewriter.part(of: i)]
            var before = (baseLocation, baseMarket)
            var changed = false
            for l in 0..<rewriter.levers.count {
                switch rewriter.apply(l, row: i, to: &parts) {
                case .unmatched: continue
                case .notApplicable: effects[l].notApplicable += 1
                case .changed:
                    let after = rewriter.evaluate(parts)
                    effects[l].affectedActivities += 1
                    effects[l].deltaKg += after.location - before.0
                    effects[l].deltaMarketKg += after.market - before.1
                    before = (after.location, after.market)
                    changed = true
                }
            }
            guard changed else { continue }
            totals.add(line, 0, 0, before.0 - baseLocation, before.1 - baseMarket)
            if baseline.factorRow[i] >= 0 { used.insert(Int64(baseline.factorRow[i])) }
            for row in rewriter.factorRows(of: parts) { used.insert(Int64(row) | 1 << 40) }
        }
        for (l, _) in effects.enumerated() where effects[l].notApplicable > 0 {
            effects[l].note = rewriter.notes[l]
        }
        return SimulationResult(
            scenario: scenario.name, baselineKg: totals.baselineKg, scenarioKg: totals.scenarioKg,
            baselineMarketKg: totals.baselineMarketKg, scenarioMarketKg: totals.scenarioMarketKg,
            levers: effects, byScope: totals.comparisons(), factorsUsed: factorUses(used))
    }

    private func factorUses(_ used: Set<Int64>) -> [FactorUse] {
        used.sorted().map { code in
            let row = Int(code & 0xFF_FFFF_FFFF)
            let factor = index.set.factors[row]
            return FactorUse(
                side: code >> 40 == 0 ? .baseline : .scenario, factorId: factor.id, family: factor.family, subject: factor.subject,
                region: factor.region, unit: factor.unit, kgCO2ePerUnit: index.co2ePerUnit[row], source: factor.source)
        }
    }
}

/// Baseline and scenario sums per scope line (scope × Scope 3 category).
struct ScopeTotals {
    private var values = [Double](repeating: 0, count: 4 * 16 * 4)
    private var seen = [Bool](repeating: false, count: 4 * 16)

    static func line(_ scope: Scope, _ category: UInt8) -> Int { scope.rawValue * 16 + Int(category) }

    mutating func add(_ line: Int, _ baseLocation: Double, _ baseMarket: Double, _ scenarioLocation: Double, _ scenarioMarket: Double) {
        seen[line] = true
        values[line * 4] += baseLocation
        values[line * 4 + 1] += baseMarket
        values[line * 4 + 2] += scenarioLocation
        values[line * 4 + 3] += scenarioMarket
    }

    private func sum(_ k: Int) -> Double { stride(from: k, to: values.count, by: 4).reduce(0) { $0 + values[$1] } }
    var baselineKg: Double { sum(0) }
    var baselineMarketKg: Double { sum(1) }
    var scenarioKg: Double { sum(2) }
    var scenarioMarketKg: Double { sum(3) }

    func comparisons() -> [ScopeComparison] {
        seen.indices.filter { seen[$0] }.map { line in
            ScopeComparison(
                label: ScopeLabel.text(scope: Scope(rawValue: line / 16)!, category: Scope3Category(rawValue: line % 16)),
                baselineKg: values[line * 4], scenarioKg: values[line * 4 + 2],
                baselineMarketKg: values[line * 4 + 1], scenarioMarketKg: values[line * 4 + 3])
        }
    }
}
