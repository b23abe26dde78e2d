import Foundation
import EcoCore
import EcoML
import EcoTime

/// An estimate for a period in which a supplier reported nothing. Always marked estimated; the
/// store keeps it apart from measurements and drops it when a measurement for the period arrives.
public struct GapEstimate: Sendable, Equatable {
    public var supplier: String
    public var periodStartMs: Int64
    /// The estimate in kg CO2e (mean of the forest's trees).
    public var kg: Double
    /// The 10th and 90th percentiles of the trees' predictions: an 80 % band.
    public var lowKg: Double
    public var highKg: Double
    public var estimated: Bool { true }
    /// How it was made, for the audit trail.
    public var method: String
}

/// Fills missing supplier periods with a random forest (EcoML) trained on every supplier's
/// measured periods, so a gap borrows from the supplier's own history (its level and the periods
/// around the gap) and from similar suppliers (same level, same transport share, same weekday and
/// season patterns). Periods that hold any measurement are never estimated.
public struct GapFiller: Sendable {
    public var trees = 60
    public var seed: UInt64 = 14
    /// Suppliers need at least this many measured periods in the window to be filled.
    public var minimumObserved = 8

    public init() {}

    public static let method = "random forest (EcoML) on log kg CO2e per period; features: supplier level, transport share, weekday, season, neighbouring periods"

    /// Estimates for every interior gap (between a supplier's first and last activity in the window).
    ///
    /// - Throws: ``CarbonError/invalidRequest(_:)`` when no supplier has enough measured periods to learn from.
    public func fill(_ table: ActivityTable, _ result: AccountingResult, fromMs: Int64, toMs: Int64, period: CarbonPeriod = .day) throws(CarbonError) -> [GapEstimate] {
        let series = SupplierSeries(table, result, fromMs: fromMs, toMs: toMs, period: period)
        var trainingRows: [[Double]] = [], targets: [Double] = []
        var gapRows: [[Double]] = [], gaps: [(supplier: Int32, period: Int)] = []
        for (id, values) in series.kg.sorted(by: { $0.key < $1.key }) {
            let measured = series.measuredKg[id] ?? values.map { _ in .nan }
            let observed = measured.indices.filter { !measured[$0].isNaN }
            guard observed.count >= minimumObserved, let first = values.firstIndex(where: { !$0.isNaN }),
                  let last = values.lastIndex(where: { !$0.isNaN }) else { continue }
            let logs = measured.map { $0.isNaN ? Double.nan : log1p(max($0, 0)) }
            let level = RobustStatistics.median(observed.map { logs[$0] }) ?? 0
            let share = series.transportShare[id] ?? 0
            for p in observed {
                trainingRows.append(features(p, logs: logs, level: level, share: share, start: series.periodStarts[p], period: period))
                targets.append(logs[p])
            }
            for p in first...last where values[p].isNaN {
                gapRows.append(features(p, logs: logs, level: level, share: share, start: series.periodStarts[p], period: period))
                gaps.append((id, p))
            }
        }
        guard !trainingRows.isEmpty else {
            throw .invalidRequest("No supplier has \(minimumObserved) measured periods in the window; widen the window or send more measurements before filling gaps.")
        }
        guard !gaps.isEmpty else { return [] }
        var options = TrainingOptions(seed: seed)
        options.forest.treeCount = trees
        options.forest.minSamplesLeaf = 3
        options.targetName = "log_kg_co2e"
        let data = Dataset(schema: FeatureSchema(names: Self.featureNames, kinds: Self.featureNames.map { _ in .numeric }), rows: trainingRows, target: .values(targets))
        let model: Model
        do {
            model = try Model.train(data, algorithm: .randomForest, options: options)
        } catch {
            throw .invalidRequest("The gap-filling model could not be trained: \(error).")
        }
        let predictions = model.predict(rowMajor: gapRows.flatMap { $0 }, rowCount: gapRows.count)
        return gaps.enumerated().map { k, gap in
            GapEstimate(
                supplier: table.suppliers.name(gap.supplier) ?? "", periodStartMs: series.periodStarts[gap.period],
                kg: expm1(predictions.values[k]), lowKg: expm1(predictions.p10[k]), highKg: expm1(predictions.p90[k]),
                method: Self.method)
        }
    }

    static let featureNames = ["supplier_level", "transport_share", "weekday", "season_sin", "season_cos", "before", "after"]

    /// Features of period `p`: the supplier's level (median log kg) and transport share, weekday,
    /// season, and the mean log kg of up to 7 measured periods before and after (NaN when none).
    private func features(_ p: Int, logs: [Double], level: Double, share: Double, start: Int64, period: CarbonPeriod) -> [Double] {
        let days = Int(TimeBucket.day.start(ofMs: start) / 86_400_000)
        let weekday = period == .day || period == .hour ? Double(CivilDate.weekdayFromMonday(days: days)) : 0
        let date = CivilDate.date(fromDays: days)
        let dayOfYear = Double(days - CivilDate.days(year: date.year, month: 1, day: 1))
        let angle = 2 * Double.pi * dayOfYear / 365.25
        return [level, share, weekday, sin(angle), cos(angle), neighbours(logs, from: p - 1, step: -1), neighbours(logs, from: p + 1, step: 1)]
    }

    private func neighbours(_ logs: [Double], from start: Int, step: Int) -> Double {
        var sum = 0.0, n = 0, p = start
        while p >= 0, p < logs.count, n < 7 {
            if !logs[p].isNaN {
                sum += logs[p]
                n += 1
            }
            p += step
        }
        return n == 0 ? .nan : sum / Double(n)
    }
}
