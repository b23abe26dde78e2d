import Dispatch
import Synchronization

/// Runs what-if scenarios over a period's activities: each lever rewrites the activities it matches
/// (mode, load factor, fuel, certificates, grid region), which are then accounted again with the
/// same factor set. Activities no lever matches keep their baseline figures, so a scenario costs
/// one pass over the rows plus the accounting of the rows it changes.
public struct Simulator: Sendable {
    public let table: ActivityTable
    public let baseline: AccountingResult
    public let index: FactorIndex
    /// Periods with at least this many activities are simulated in two halves on two cores.
    public var parallelRows = 200_000
    /// Sum rows of a class per class when the levers change them in proportion to their quantity
    /// (false traces every touched row; the two agree to rounding, which the tests check).
    public var proportional = true

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
        let rewriter = try LeverRewriter(table: table, index: index, levers: scenario.levers)
        let match = filter.compiled(for: table)
        // Two halves on the machine's two cores when the period is large; each half has its own
        // rewriter (caches) and sums, merged afterwards.
        let chunks = table.count >= parallelRows ? 2 : 1
        let results = Mutex([SimulationChunk?](repeating: nil, count: chunks))
        let n = table.count
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            var own = rewriter
            let chunk = run(rows: n * k / chunks..<n * (k + 1) / chunks, rewriter: &own, match: match)
            results.withLock { $0[k] = chunk }
        }
        let all = results.withLock { $0 }
        var merged = all[0]!
        for chunk in all.dropFirst() { merged.merge(chunk!) }
        let effects = scenario.levers.enumerated().map { l, lever in
            LeverEffect(
                summary: lever.summary, affectedActivities: merged.affected[l], notApplicable: merged.notApplicable[l],
                note: merged.notApplicable[l] > 0 ? merged.notes[l] : nil, deltaKg: merged.delta[l], deltaMarketKg: merged.deltaMarket[l])
        }
        return SimulationResult(
            scenario: scenario.name, baselineKg: merged.totals.baselineKg, scenarioKg: merged.totals.scenarioKg,
            baselineMarketKg: merged.totals.baselineMarketKg, scenarioMarketKg: merged.totals.scenarioMarketKg,
            levers: effects, byScope: merged.totals.comparisons(), factorsUsed: factorUses(merged.used))
    }

    /// Simulates the rows in `rows`. Rows of a class the levers touch in proportion to quantity are
    /// summed per class and their change is applied once at the end; other touched rows are traced one by one.
    private func run(rows: Range<Int>, rewriter: inout LeverRewriter, match: RowFilter.Compiled) -> SimulationChunk {
        let levers = rewriter.levers.count
        var chunk = SimulationChunk(levers: levers, factors: index.set.factors.count)
        let classes = table.classes
        var treatment = [ClassTreatment](repeating: .unknown, count: classes.count)
        var responses: [Int32: (trace: LeverTrace, factorRows: [Int])] = [:]
        var classQuantity = [Double](repeating: 0, count: classes.count)
        var classRows = [Int](repeating: 0, count: classes.count)
        var trace = LeverTrace(levers: levers)
        var parts: [SimPart] = []
        for i in rows where match.matches(i, table) {
            let baseLocation = baseline.locationKg[i].isNaN ? 0 : baseline.locationKg[i]
            let baseMarket = baseline.marketKg[i].isNaN ? 0 : baseline.marketKg[i]
            let line = ScopeTotals.line(table.scope[i], table.category[i])
            chunk.totals.add(line, baseLocation, baseMarket, baseLocation, baseMarket)
            let c = Int(classes.ofRow[i])
            if treatment[c] == .unknown {
                treatment[c] = classify(row: i, rewriter: &rewriter, parts: &parts, trace: &trace, responses: &responses)
            }
            switch treatment[c] {
            case .untouched, .unknown: continue
            case .proportional where table.quantity[i].isFinite:
                classQuantity[c] += table.quantity[i]
                classRows[c] += 1
            case .proportional, .perRow:
                parts.removeAll(keepingCapacity: true)
                parts.append(rewriter.part(of: i))
                trace.trace(row: i, parts: &parts, base: (baseLocation, baseMarket), rewriter: &rewriter)
                trace.add(to: &chunk, rows: 1, weight: 1, line: line)
                guard trace.changed else { continue }
                markUsed(row: i, parts: parts, rewriter: &rewriter, in: &chunk)
            }
        }
        for (c, response) in responses where classRows[Int(c)] > 0 {
            let row = Int(classes.firstRow[Int(c)])
            response.trace.add(to: &chunk, rows: classRows[Int(c)], weight: classQuantity[Int(c)], line: ScopeTotals.line(table.scope[row], table.category[row]))
            guard response.trace.changed else { continue }
            if baseline.factorRow[row] >= 0 { chunk.used[Int(baseline.factorRow[row])] = true }
            for factor in response.factorRows { chunk.used[index.set.factors.count + factor] = true }
        }
        chunk.notes = rewriter.notes
        return chunk
    }

    /// Decides how the class of row `i` is simulated, tracing one unit of it; a proportional class's response is kept.
    private func classify(row i: Int, rewriter: inout LeverRewriter, parts: inout [SimPart], trace: inout LeverTrace,
                          responses: inout [Int32: (trace: LeverTrace, factorRows: [Int])]) -> ClassTreatment {
        guard rewriter.mayApply(row: i) else { return .untouched }
        guard proportional else { return .perRow }
        parts.removeAll(keepingCapacity: true)
        var unit = rewriter.part(of: i)
        unit.input.quantity = 1
        parts.append(unit)
        rewriter.readsUtilisation = false
        let base = rewriter.evaluate(parts)
        trace.trace(row: i, parts: &parts, base: (base.location, base.market), rewriter: &rewriter)
        guard !rewriter.readsUtilisation else { return .perRow }
        var factorRows: [Int] = []
        rewriter.forEachFactorRow(of: parts) { factorRows.append($0) }
        responses[table.classes.ofRow[i]] = (trace, factorRows)
        return .proportional
    }

    /// Flags the baseline factor of row `i` and the scenario factors of its parts as used.
    private func markUsed(row i: Int, parts: [SimPart], rewriter: inout LeverRewriter, in chunk: inout SimulationChunk) {
        if baseline.factorRow[i] >= 0 { chunk.used[Int(baseline.factorRow[i])] = true }
        let offset = index.set.factors.count
        rewriter.forEachFactorRow(of: parts) { chunk.used[offset + $0] = true }
    }

    /// Flags for baseline rows (0..<n) then scenario rows (n..<2n) → the factors used.
    private func factorUses(_ used: [Bool]) -> [FactorUse] {
        let n = index.set.factors.count
        return used.indices.filter { used[$0] }.map { flag in
            let row = flag % n
            let factor = index.set.factors[row]
            return FactorUse(
                side: flag < n ? .baseline : .scenario, factorId: factor.id, family: factor.family, subject: factor.subject,
                region: factor.region, unit: factor.unit, kgCO2ePerUnit: index.co2ePerUnit[row], source: factor.source)
        }
    }
}

/// What one range of rows of a simulation adds up to.
struct SimulationChunk {
    var totals = ScopeTotals()
    var affected: [Int], notApplicable: [Int], delta: [Double], deltaMarket: [Double]
    var notes: [String?]
    var used: [Bool]

    init(levers: Int, factors: Int) {
        affected = Array(repeating: 0, count: levers)
        notApplicable = affected
        delta = Array(repeating: 0, count: levers)
        deltaMarket = delta
        notes = Array(repeating: nil, count: levers)
        used = Array(repeating: false, count: 2 * factors)
    }

    mutating func merge(_ other: SimulationChunk) {
        totals.merge(other.totals)
        for l in affected.indices {
            affected[l] += other.affected[l]
            notApplicable[l] += other.notApplicable[l]
            delta[l] += other.delta[l]
            deltaMarket[l] += other.deltaMarket[l]
            notes[l] = notes[l] ?? other.notes[l]
        }
        for k in used.indices where other.used[k] { used[k] = true }
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

    mutating func merge(_ other: ScopeTotals) {
        for k in values.indices { values[k] += other.values[k] }
        for k in seen.indices where other.seen[k] { seen[k] = true }
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
