/// An absolute emission reduction target: a base year's emissions cut by a percentage by a target year,
/// on a straight line between them.
public struct ReductionTarget: Sendable, Equatable, Codable {
    public var organization: String
    public var baseYear: Int
    /// kg CO2e in the base year.
    public var baseYearKg: Double
    public var targetYear: Int
    /// Reduction by the target year, in percent of the base year.
    public var reductionPercent: Double

    /// A target; throws when the years or percentage are unusable.
    public init(organization: String, baseYear: Int, baseYearKg: Double, targetYear: Int, reductionPercent: Double) throws(CarbonError) {
        guard targetYear > baseYear else { throw .invalidRequest("The target year (\(targetYear)) must come after the base year (\(baseYear)).") }
        guard reductionPercent > 0, reductionPercent <= 100 else { throw .invalidRequest("The reduction must be a percentage in (0, 100], not \(reductionPercent).") }
        guard baseYearKg.isFinite, baseYearKg > 0 else { throw .invalidRequest("The base year's emissions must be positive kg CO2e; account the base year first.") }
        self.organization = organization
        self.baseYear = baseYear
        self.baseYearKg = baseYearKg
        self.targetYear = targetYear
        self.reductionPercent = reductionPercent
    }

    /// A target reducing `annualPercent` of base-year emissions each year (linear absolute contraction),
    /// e.g. 4.2 %/year, the SBTi cross-sector pathway for 1.5 °C (SBTi Corporate Net-Zero Standard).
    public static func linear(organization: String, baseYear: Int, baseYearKg: Double, targetYear: Int, annualPercent: Double = 4.2) throws(CarbonError) -> ReductionTarget {
        try ReductionTarget(
            organization: organization, baseYear: baseYear, baseYearKg: baseYearKg, targetYear: targetYear,
            reductionPercent: min(100, annualPercent * Double(targetYear - baseYear)))
    }

    /// The pathway's allowance for `year` in kg CO2e (flat at the target after the target year).
    public func pathwayKg(year: Int) -> Double {
        let elapsed = Double(min(max(year, baseYear), targetYear) - baseYear) / Double(targetYear - baseYear)
        return baseYearKg * (1 - reductionPercent / 100 * elapsed)
    }

    /// Progress in `year` given that year's emissions.
    public func progress(year: Int, actualKg: Double) -> TargetProgress {
        let goal = baseYearKg * reductionPercent / 100
        let saved = baseYearKg - actualKg
        let allowed = pathwayKg(year: year)
        return TargetProgress(
            year: year, actualKg: actualKg, pathwayKg: allowed, gapKg: actualKg - allowed, onTrack: actualKg <= allowed,
            savedKg: saved, goalKg: goal, savedVsGoalPercent: saved / goal * 100)
    }
}

/// Where an organization stands against its target in one year.
public struct TargetProgress: Sendable, Equatable, Codable {
    public var year: Int
    public var actualKg: Double
    /// What the straight-line pathway allows that year.
    public var pathwayKg: Double
    /// Actual minus pathway: positive means behind.
    public var gapKg: Double
    public var onTrack: Bool
    /// Base year minus actual, and the reduction the target asks for by the target year.
    public var savedKg: Double
    public var goalKg: Double
    /// Saved as a percentage of the goal (the "saved vs goal" gauge).
    public var savedVsGoalPercent: Double
}
