/// What a scenario's levers did to one row, or to one unit of quantity of a row class: per lever
/// the outcome and the change it caused (attributed in order), and the figures before and after.
struct LeverTrace {
    var outcomes: [LeverRewriter.Outcome]
    var delta: [Double]
    var deltaMarket: [Double]
    var base = (location: 0.0, market: 0.0)
    var scenario = (location: 0.0, market: 0.0)
    var changed = false

    init(levers: Int) {
        outcomes = Array(repeating: .unmatched, count: levers)
        delta = Array(repeating: 0, count: levers)
        deltaMarket = delta
    }

    /// Applies every lever to `parts` (row `i`'s, whose figures are `base`) in order, accounting the parts after each change.
    mutating func trace(row i: Int, parts: inout [SimPart], base: (Double, Double), rewriter: inout LeverRewriter) {
        self.base = base
        var before = base
        changed = false
        for l in outcomes.indices {
            let outcome = rewriter.apply(l, row: i, to: &parts)
            outcomes[l] = outcome
            delta[l] = 0
            deltaMarket[l] = 0
            guard outcome == .changed else { continue }
            let after = rewriter.evaluate(parts)
            delta[l] = after.location - before.0
            deltaMarket[l] = after.market - before.1
            before = (after.location, after.market)
            changed = true
        }
        scenario = before
    }

    /// Adds `rows` rows with these outcomes and `weight` × these figures to `chunk` (scope line `line`).
    func add(to chunk: inout SimulationChunk, rows: Int, weight: Double, line: Int) {
        for l in outcomes.indices {
            switch outcomes[l] {
            case .unmatched: continue
            case .notApplicable: chunk.notApplicable[l] += rows
            case .changed:
                chunk.affected[l] += rows
                chunk.delta[l] += weight * delta[l]
                chunk.deltaMarket[l] += weight * deltaMarket[l]
            }
        }
        if changed {
            chunk.totals.add(line, 0, 0, weight * (scenario.location - base.location), weight * (scenario.market - base.market))
        }
    }
}

/// How a simulation treats the rows of one class: untouched by every lever, proportional to their
/// quantity (the class's response to one unit, ``LeverTrace``), or row by row (a lever or factor
/// reads the utilisation, or a quantity is not finite).
enum ClassTreatment: UInt8 {
    case unknown, untouched, proportional, perRow
}
