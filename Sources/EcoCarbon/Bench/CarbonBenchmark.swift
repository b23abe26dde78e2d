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
            lines.append("simulate (\(label)): p50 \(ms(times[times.count / 2])) ms, p99 \(ms(times[min(times.count - 1, Int(Double(times.count) * 0.99))])) ms over \(runs) runs; Δ \(Format.number(outcome!.deltaPercent)) %")
        }

        var reportTimes: [Duration] = []
        var report: InventoryReport?
        for _ in 0..<5 { reportTimes.append(clock.measure { report = InventoryReport.build(table, result, index: accountant.index, groupBy: .supplier) }) }
        lines.append("inventory report (by scope and category, citations, grouped by supplier): \(ms(reportTimes.sorted()[2])) ms median of 5; total \(Format.number(report!.totalLocationKg / 1000)) t CO2e location-based, \(report!.dataQuality)")

        var restateTime = Duration.zero
        restateTime = clock.measure { _ = Restatement.compare(table, original: accountant.index, restated: FactorIndex(set: .builtIn, basis: .ar5)) }
        lines.append("restatement AR6 → AR5 over the year: \(ms(restateTime)) ms")
        return lines.joined(separator: "\n")
    }

    private static func rate(_ n: Int, _ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Format.number((Double(n) / seconds).rounded())
    }

    private static func ms(_ duration: Duration) -> String {
        Format.number(Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }
}

/// Writes an activity as one NDJSON line in the API's field names (for benchmarks and demos).
public enum ActivityJSON {
    public static func line(_ a: Activity) -> String {
        var fields: [String] = ["\"type\":\"\(a.kind.rawValue)\"", "\"organization\":\"\(a.organization)\"", "\"time\":\(a.timeMs)"]
        func add(_ name: String, _ value: String?) { if let value { fields.append("\"\(name)\":\"\(value)\"") } }
        func add(_ name: String, _ value: Double?) { if let value { fields.append("\"\(name)\":\(value)") } }
        add("supplier", a.supplier)
        add("facility", a.facility)
        add("region", a.region)
        if a.estimated { add("dataQuality", "estimated") }
        switch a.detail {
        case .transport(let t):
            add("mode", t.mode.rawValue); add("vehicle", t.vehicle?.rawValue); add("fuel", t.fuel?.rawValue)
            add("distanceKm", t.distanceKm); add("loadKg", t.loadKg); add("tonneKm", t.tonneKm); add("loadFactor", t.loadFactor)
            add("emptyRunning", t.emptyRunning); add("fuelQuantity", t.fuelQuantity); add("fuelUnit", t.fuelUnit?.rawValue)
            add("origin", t.origin); add("destination", t.destination)
        case .electricity(let e):
            add("kWh", e.kWh); add("instrument", e.instrument?.kind.rawValue); add("instrumentShare", e.instrument?.share)
            add("instrumentRate", e.instrument?.rateKgPerKWh); add("supplierRate", e.supplierRateKgPerKWh)
        case .combustion(let c):
            add("fuel", c.fuel.rawValue); add("quantity", c.quantity); add("unit", c.unit.rawValue)
        case .refrigerant(let r):
            add("gas", r.gas); add("kg", r.kg)
        case .facilityEnergy(let f):
            add("carrier", f.carrier.rawValue); add("quantity", f.quantity); add("unit", f.unit.rawValue)
            add("instrument", f.instrument?.kind.rawValue); add("instrumentShare", f.instrument?.share)
        case .compute(let c):
            add("kWh", c.kWh); add("cpuHours", c.cpuHours); add("wattsPerCpu", c.wattsPerCPU); add("pue", c.pue)
        }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
