/// Each supplier's CO2e per period over a window: the series quality checks, gap filling and
/// hotspots work on. Periods without any activity are NaN.
public struct SupplierSeries: Sendable {
    /// Bucket starts, in order, covering the window.
    public let periodStarts: [Int64]
    public let period: CarbonPeriod
    /// Supplier id (in the table's ``ActivityTable/suppliers``) → kg CO2e per period (NaN = no activity).
    public let kg: [Int32: [Double]]
    /// Supplier id → kg CO2e from measured (not estimated) activities per period.
    public let measuredKg: [Int32: [Double]]
    /// Supplier id → share of transport in its kg (a trait used to find similar suppliers).
    public let transportShare: [Int32: Double]
    /// Supplier id → time of its last activity in the window.
    public let lastActivityMs: [Int32: Int64]

    /// The series of every supplier with activity in `[fromMs, toMs)`.
    public init(_ table: ActivityTable, _ result: AccountingResult, fromMs: Int64, toMs: Int64, period: CarbonPeriod = .day) {
        var starts: [Int64] = []
        var start = period.start(ofMs: fromMs)
        while start < toMs {
            starts.append(start)
            start = period.next(afterStartMs: start)
        }
        self.periodStarts = starts
        self.period = period
        var kg: [Int32: [Double]] = [:], measured: [Int32: [Double]] = [:], transport: [Int32: Double] = [:]
        var last: [Int32: Int64] = [:]
        let empty = [Double](repeating: .nan, count: starts.count)
        for i in 0..<table.count {
            let t = table.timeMs[i], supplier = table.supplier[i]
            guard supplier >= 0, t >= fromMs, t < toMs, result.status[i] == .accounted else { continue }
            let p = Self.index(of: period.start(ofMs: t), in: starts)
            let value = result.locationKg[i]
            kg[supplier, default: empty][p] = (kg[supplier]?[p] ?? .nan).isNaN ? value : kg[supplier]![p] + value
            if !table.estimated[i] {
                measured[supplier, default: empty][p] = (measured[supplier]?[p] ?? .nan).isNaN ? value : measured[supplier]![p] + value
            }
            if table.kind[i] == .transport { transport[supplier, default: 0] += value }
            last[supplier] = max(last[supplier] ?? .min, t)
        }
        for (supplier, series) in kg {
            let total = series.reduce(0) { $1.isNaN ? $0 : $0 + $1 }
            transport[supplier] = total > 0 ? (transport[supplier] ?? 0) / total : 0
        }
        self.kg = kg
        self.measuredKg = measured
        self.transportShare = transport
        self.lastActivityMs = last
    }

    /// Position of a bucket start in `starts` (binary search; starts are ascending).
    static func index(of start: Int64, in starts: [Int64]) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] < start { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
