/// An organization's emission reduction target: base year's kg CO2e cut by a percentage by a target year.
public struct CarbonTargetRecord: Sendable, Equatable {
    public var organization: String
    /// Unique per organization; saving a target with the same id replaces it.
    public var id: String
    public var name: String
    public var baseYear: Int
    public var baseYearKg: Double
    public var targetYear: Int
    /// Reduction by the target year, percent of the base year.
    public var reductionPercent: Double
    public var createdAtMs: Int64
    public var createdBy: String

    public init(organization: String, id: String, name: String, baseYear: Int, baseYearKg: Double, targetYear: Int,
                reductionPercent: Double, createdAtMs: Int64, createdBy: String) {
        self.organization = organization
        self.id = id
        self.name = name
        self.baseYear = baseYear
        self.baseYearKg = baseYearKg
        self.targetYear = targetYear
        self.reductionPercent = reductionPercent
        self.createdAtMs = createdAtMs
        self.createdBy = createdBy
    }
}

/// An estimate of a supplier's emissions in a period it reported nothing for. The store drops it
/// when a measured activity of that supplier lands in the period.
public struct CarbonGapEstimateRecord: Sendable, Equatable {
    public var organization: String
    public var supplier: String
    /// The period [startMs, endMs).
    public var periodStartMs: Int64
    public var periodEndMs: Int64
    /// kg CO2e, with an 80 % band.
    public var kg: Double
    public var lowKg: Double
    public var highKg: Double
    /// How it was made.
    public var method: String
    public var createdAtMs: Int64

    public init(organization: String, supplier: String, periodStartMs: Int64, periodEndMs: Int64, kg: Double, lowKg: Double,
                highKg: Double, method: String, createdAtMs: Int64) {
        self.organization = organization
        self.supplier = supplier
        self.periodStartMs = periodStartMs
        self.periodEndMs = periodEndMs
        self.kg = kg
        self.lowKg = lowKg
        self.highKg = highKg
        self.method = method
        self.createdAtMs = createdAtMs
    }
}
