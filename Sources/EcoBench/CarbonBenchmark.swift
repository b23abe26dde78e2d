import EcoCarbon
import EcoCore

/// `ecotrack bench carbon`: accounting throughput, what-if latency and inventory time over one
/// year of a synthetic supply chain (``SyntheticSupplyChain``), in process. Returns a text report.
public enum CarbonBenchmark {
    /// Runs every measurement; `runs` repetitions for the latency figures.
    public static func run(chain: SyntheticSupplyChain = SyntheticSupplyChain(), runs: Int = 50) throws -> String {
        var lines: [String] = []
        let clock = ContinuousClock()
        let activities = chain.activities()
        lines.append("chain: \(chain.suppliers) suppliers, \(chain.facilities) own facilities, \(chain.days) days, \(activities.count) activities")

        let decodeSample = Array(activities.prefix(100_000))
        let body = Array(decodeSample.map(ActivityJSON.line).joined(separator: "\n").utf8)
        var decoded = 0
        let decodeTime = clock.measure { decoded = ActivityDecoder.decode(body, format: .ndjson).activities.count }
        lines.append("decode+validate NDJSON: \(rate(decoded, decodeTime)) activities/s (\(decoded) activities, \(body.count / 1_000_000) MB, one core)")

        var table = ActivityTable()
        let buildTime = clock.measure { table = ActivityTable(activities) }
        lines.append("columnar table build: \(rate(activities.count, buildTime)) activities/s")

        let accountant = Accountant(set: .builtIn, basis: .ar6)
        var result = accountant.account(table)
        var accountTimes: [Duration] = []
        for _ in 0..<5 { accountTimes.append(clock.measure { result = accountant.account(table) }) }
        let accountMedian = accountTimes.sorted()[2]
        lines.append("accounting: \(rate(table.count, accountMedian)) activities/s (median of 5, \(ms(accountMedian)) ms for the year; \(result.unaccountedCount) unaccounted)")

        let simulator = Simulator(table: table, baseline: result, index: accountant.index)
        let scenario = Scenario(name: "bench", levers: [
            .shiftMode(from: .road, to: .rail, share: 0.3, supplier: nil),
            .raiseLoadFactor(mode: .road, loadFactor: 0.85, assumedCurrent: 0.6, supplier: nil),
            .switchFuel(from: .diesel, to: .naturalGas, supplier: nil, facility: nil),
            .renewableElectricity(share: 0.5, supplier: nil, facility: nil),
            .moveFacility(facility: "acme-site-7", region: "FR"),
        ])
        let single = Scenario(name: "one supplier to rail", levers: [.shiftMode(from: .road, to: .rail, share: 0.3, supplier: "supplier-42")])
        for (label, chosen) in [("5 levers on every matching activity", scenario), ("1 lever on one supplier", single)] {
            var times: [Duration] = []
            var outcome: SimulationResult?
            for _ in 0..<runs { times.append(try clock.measure { outcome = try simulator.simulate(chosen) }) }
            times.sort()
            lines.append("simulate (\(label)): p50 \(ms(times[times.count / 2])) ms, p99 \(ms(times[min(times.count - 1, Int(Double(times.count) * 0.99))])) ms over \(runs) runs; Δ \(NumberText.short(outcome!.deltaPercent)) %")
        }

        var reportTimes: [Duration] = []
        var report: InventoryReport?
        for _ in 0..<5 { reportTimes.append(clock.measure { report = InventoryReport.build(table, result, index: accountant.index, groupBy: .supplier) }) }
        lines.append("inventory report (by scope and category, citations, grouped by supplier): \(ms(reportTimes.sorted()[2])) ms median of 5; total \(NumberText.short(report!.totalLocationKg / 1000)) t CO2e location-based, \(report!.dataQuality)")

        var restateTime = Duration.zero
        restateTime = clock.measure { _ = Restatement.compare(table, original: accountant.index, restated: FactorIndex(set: .builtIn, basis: .ar5)) }
        lines.append("restatement AR6 → AR5 over the year: \(ms(restateTime)) ms")
        return lines.joined(separator: "\n")
    }

    private static func rate(_ n: Int, _ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return NumberText.short((Double(n) / seconds).rounded())
    }

    private static func ms(_ duration: Duration) -> String {
        NumberText.short(Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }
}
