import EcoAnalytics
import EcoCore

/// `GET /api/v1/climate/scenarios`: what is loaded.
public struct ScenarioListDocument: Encodable, Sendable {
    public var data: [ScenarioSummary]
}

/// `POST /api/v1/climate/scenarios/explore`: the change per scenario with the model spread, and the observations.
public struct ScenarioExploreDocument: Encodable, Sendable {
    public struct Model: Encodable, Sendable {
        public var model: String
        public var baselineMean: Double
        public var horizonMean: Double
        public var change: Double
        @ExplicitNull public var horizonP5: Double?
        @ExplicitNull public var horizonP95: Double?
        public var baselineYears: Int
        public var horizonYears: Int
        /// The run the baseline came from: the scenario itself or `historical`.
        public var baselineScenario: String
    }

    public struct Scenario: Encodable, Sendable {
        public var scenario: String
        /// Across models: mean, smallest, largest change and standard deviation (null for fewer than two models).
        @ExplicitNull public var meanChange: Double?
        @ExplicitNull public var minChange: Double?
        @ExplicitNull public var maxChange: Double?
        @ExplicitNull public var stdDevChange: Double?
        public var models: [Model]
        public var modelsWithoutBaseline: [String]

        init(_ result: ScenarioChange.ScenarioResult) {
            scenario = result.scenario
            let finite: (Double) -> Double? = { $0.isFinite ? $0 : nil }
            meanChange = finite(result.meanChange)
            minChange = finite(result.minChange)
            maxChange = finite(result.maxChange)
            stdDevChange = result.stdDevChange
            models = result.models.map {
                Model(model: $0.model, baselineMean: $0.baselineMean, horizonMean: $0.horizonMean, change: $0.change, horizonP5: $0.horizonP5,
                      horizonP95: $0.horizonP95, baselineYears: $0.baselineYears, horizonYears: $0.horizonYears, baselineScenario: $0.baselineScenario)
            }
            modelsWithoutBaseline = result.modelsWithoutBaseline
        }
    }

    /// Observed statistics of one period (null mean when there is no observation).
    public struct Period: Encodable, Sendable {
        public var count: Int
        @ExplicitNull public var mean: Double?
        @ExplicitNull public var min: Double?
        @ExplicitNull public var max: Double?

        init(_ stats: RunningStats) {
            count = stats.count
            mean = stats.count > 0 ? stats.mean : nil
            min = stats.count > 0 ? stats.min : nil
            max = stats.count > 0 ? stats.max : nil
        }
    }

    public struct Observed: Encodable, Sendable {
        /// Observation series (stations) of the variable in the region.
        public var series: Int
        public var baseline: Period
        public var horizon: Period
        public var record: Period
    }

    public var variable: String
    public var unit: String
    public var regionKind: String
    /// Distinct projection cells in the region.
    public var projectionCells: Int
    public var baseline: ScenarioChange.Period
    public var horizon: ScenarioChange.Period
    public var months: [Int]?
    public var scenarios: [Scenario]
    public var observations: Observed
}
