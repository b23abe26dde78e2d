/// What one lever of a scenario changed.
public struct LeverEffect: Sendable, Equatable {
    public var summary: String
    /// Activities it changed, and activities it matched but could not change (with why, in `note`).
    public var affectedActivities: Int
    public var notApplicable: Int
    public var note: String?
    /// Change in kg CO2e (negative = saving), location-based and market-based.
    public var deltaKg: Double
    public var deltaMarketKg: Double
}

/// Baseline and scenario totals of one scope line.
public struct ScopeComparison: Sendable, Equatable {
    public var label: String
    public var baselineKg: Double
    public var scenarioKg: Double
    public var baselineMarketKg: Double
    public var scenarioMarketKg: Double
}

/// A factor a simulation used, on the baseline side or the scenario side.
public struct FactorUse: Sendable, Equatable {
    public enum Side: String, Sendable, Equatable { case baseline, scenario }

    public var side: Side
    public var factorId: String
    public var family: FactorFamily
    public var subject: String
    public var region: String
    public var unit: CarbonUnit
    public var kgCO2ePerUnit: Double
    public var source: FactorSource
}

/// Baseline vs scenario: totals, the change per lever and per scope, and the factors behind them.
/// Nothing is written anywhere: a simulation is a pure function of the activities and the factors.
public struct SimulationResult: Sendable, Equatable {
    public var scenario: String
    public var baselineKg: Double
    public var scenarioKg: Double
    public var baselineMarketKg: Double
    public var scenarioMarketKg: Double
    public var deltaKg: Double { scenarioKg - baselineKg }
    public var deltaMarketKg: Double { scenarioMarketKg - baselineMarketKg }
    /// Change relative to the baseline, in percent.
    public var deltaPercent: Double { baselineKg == 0 ? 0 : deltaKg / baselineKg * 100 }
    public var levers: [LeverEffect]
    public var byScope: [ScopeComparison]
    public var factorsUsed: [FactorUse]
}
