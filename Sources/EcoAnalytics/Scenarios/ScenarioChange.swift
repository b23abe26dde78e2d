import EcoCore

/// The change of a variable between a baseline period and a horizon, per scenario and model, with the spread
/// across models (the "delta" of IPCC AR6 WGI's Interactive Atlas: horizon mean minus baseline mean, each a
/// mean over the region and the years of its period, per model; the ensemble is summarized across models).
///
/// A region mean per year first averages the year's values over the cells (monthly values over the months
/// too), then the period mean averages the years that have data. The baseline of a model comes from its own
/// scenario's values in the baseline years, or, where the scenario starts later (CMIP6 scenarios start in
/// 2015), from the same model's `historical` run.
public enum ScenarioChange {
    /// Years `first...last`, both included.
    public struct Period: Sendable, Equatable, Codable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        public var years: ClosedRange<Int> { start...end }
    }

    /// Why the periods cannot be compared.
    public enum PeriodError: Error, Equatable, Sendable, CustomStringConvertible {
        case reversed(name: String, period: Period)
        case horizonNotAfterBaseline(baseline: Period, horizon: Period)

        public var description: String {
            switch self {
            case let .reversed(name, period):
                "The \(name) period ends (\(period.end)) before it starts (\(period.start)); give {\"start\": FIRST, \"end\": LAST} with FIRST ≤ LAST."
            case let .horizonNotAfterBaseline(baseline, horizon):
                "The horizon \(horizon.start)–\(horizon.end) must start after the baseline \(baseline.start)–\(baseline.end) ends; e.g. baseline 1995–2014, horizon 2041–2060."
            }
        }
    }

    /// One model's means and change.
    public struct ModelChange: Sendable, Equatable {
        public var model: String
        public var baselineMean: Double
        public var horizonMean: Double
        public var change: Double
        /// Means of the model's own 5th/95th percentiles over the horizon, where every horizon value has them.
        public var horizonP5: Double?
        public var horizonP95: Double?
        /// Years with data in each period.
        public var baselineYears: Int
        public var horizonYears: Int
        /// `historical` when the baseline came from the model's historical run.
        public var baselineScenario: String
    }

    /// The models of one scenario and their spread.
    public struct ScenarioResult: Sendable, Equatable {
        public var scenario: String
        public var models: [ModelChange]
        /// Mean, smallest and largest change across models, and the standard deviation across models (n − 1; nil for one model).
        public var meanChange: Double
        public var minChange: Double
        public var maxChange: Double
        public var stdDevChange: Double?
        /// Models with horizon values but no baseline (in their scenario or `historical`), and models without horizon values.
        public var modelsWithoutBaseline: [String]
    }

    /// Checks that both periods run forwards and the horizon starts after the baseline ends.
    public static func validate(baseline: Period, horizon: Period) throws(PeriodError) {
        guard baseline.start <= baseline.end else { throw .reversed(name: "baseline", period: baseline) }
        guard horizon.start <= horizon.end else { throw .reversed(name: "horizon", period: horizon) }
        guard horizon.start > baseline.end else { throw .horizonNotAfterBaseline(baseline: baseline, horizon: horizon) }
    }

    /// The change per scenario (except `historical`, which only lends baselines), in scenario order. `months`, when
    /// given, keeps only monthly values of those months (1–12).
    public static func compute(_ projections: [ScenarioProjection], baseline: Period, horizon: Period,
                               months: Set<Int>? = nil) throws(PeriodError) -> [ScenarioResult] {
        try validate(baseline: baseline, horizon: horizon)
        let kept = projections.filter { value in
            guard let months else { return true }
            return value.month.map(months.contains) ?? false
        }
        let byRun = Dictionary(grouping: kept) { RunKey(scenario: $0.scenario, model: $0.model) }
        let scenarios = Set(byRun.keys.map(\.scenario)).subtracting([historical]).sorted()
        return scenarios.map { scenario in
            let models = Set(byRun.keys.filter { $0.scenario == scenario }.map(\.model)).sorted()
            var changes: [ModelChange] = []
            var without: [String] = []
            for model in models {
                let own = byRun[RunKey(scenario: scenario, model: model)] ?? []
                let history = byRun[RunKey(scenario: historical, model: model)] ?? []
                let horizonYears = yearlyMeans(own, years: horizon.years)
                var baselineScenario = scenario
                var baselineYears = yearlyMeans(own, years: baseline.years)
                if baselineYears.isEmpty {
                    baselineYears = yearlyMeans(history, years: baseline.years)
                    baselineScenario = historical
                }
                guard let horizonMean = mean(horizonYears.values.map(\.mean)), let baselineMean = mean(baselineYears.values.map(\.mean)) else {
                    without.append(model)
                    continue
                }
                let p5 = horizonYears.values.allSatisfy { $0.p5 != nil } ? mean(horizonYears.values.compactMap(\.p5)) : nil
                let p95 = horizonYears.values.allSatisfy { $0.p95 != nil } ? mean(horizonYears.values.compactMap(\.p95)) : nil
                changes.append(ModelChange(model: model, baselineMean: baselineMean, horizonMean: horizonMean, change: horizonMean - baselineMean,
                                           horizonP5: p5, horizonP95: p95, baselineYears: baselineYears.count, horizonYears: horizonYears.count,
                                           baselineScenario: baselineScenario))
            }
            let deltas = changes.map(\.change)
            return ScenarioResult(scenario: scenario, models: changes, meanChange: mean(deltas) ?? .nan, minChange: deltas.min() ?? .nan,
                                  maxChange: deltas.max() ?? .nan, stdDevChange: standardDeviation(deltas), modelsWithoutBaseline: without)
        }.filter { !$0.models.isEmpty || !$0.modelsWithoutBaseline.isEmpty }
    }

    /// The scenario name of CMIP6's historical runs.
    public static let historical = "historical"

    struct RunKey: Hashable {
        var scenario: String
        var model: String
    }

    struct YearMean {
        var mean: Double
        var p5: Double?
        var p95: Double?
    }

    /// Per year in `years`: the mean over cells of each cell's mean over the year's values (an annual value, or
    /// the months it has); the percentiles likewise where every value has them.
    static func yearlyMeans(_ values: [ScenarioProjection], years: ClosedRange<Int>) -> [Int: YearMean] {
        let inPeriod = values.filter { years.contains($0.year) }
        var result: [Int: YearMean] = [:]
        for (year, ofYear) in Dictionary(grouping: inPeriod, by: \.year) {
            let cells = Dictionary(grouping: ofYear, by: \.cell).values.map { cellValues -> YearMean in
                // An annual value, where there is one, stands for the year; otherwise the months average.
                let annual = cellValues.filter { $0.month == nil }
                let used = annual.isEmpty ? cellValues : annual
                return YearMean(mean: mean(used.map(\.mean))!, p5: used.allSatisfy { $0.p5 != nil } ? mean(used.compactMap(\.p5)) : nil,
                                p95: used.allSatisfy { $0.p95 != nil } ? mean(used.compactMap(\.p95)) : nil)
            }
            result[year] = YearMean(mean: mean(cells.map(\.mean))!, p5: cells.allSatisfy { $0.p5 != nil } ? mean(cells.compactMap(\.p5)) : nil,
                                    p95: cells.allSatisfy { $0.p95 != nil } ? mean(cells.compactMap(\.p95)) : nil)
        }
        return result
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count > 1, let average = mean(values) else { return nil }
        return (values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(values.count - 1)).squareRoot()
    }
}
