/// One value of a climate scenario projection (CMIP6-style, issue #17): what `model` projects for `variable`
/// under `scenario` in one year (or month) at one H3 cell, as the ensemble statistics the importer has.
public struct ScenarioProjection: Sendable, Equatable, Hashable {
    /// Scenario name, e.g. `ssp245`; lower-case letters, digits, `_`, `-` and `.`.
    public var scenario: String
    /// Model name, e.g. `MPI-ESM1-2-LR`.
    public var model: String
    /// A catalogue variable, e.g. `temperature_2m`.
    public var variable: String
    public var year: Int
    /// 1–12, or nil for an annual value.
    public var month: Int?
    /// The H3 cell (any resolution); a point is stored as its resolution-15 cell.
    public var cell: UInt64
    public var mean: Double
    /// The 5th and 95th percentiles of the projection, when the importer has them.
    public var p5: Double?
    public var p95: Double?

    public init(scenario: String, model: String, variable: String, year: Int, month: Int?, cell: UInt64, mean: Double,
                p5: Double? = nil, p95: Double? = nil) {
        self.scenario = scenario
        self.model = model
        self.variable = variable
        self.year = year
        self.month = month
        self.cell = cell
        self.mean = mean
        self.p5 = p5
        self.p95 = p95
    }
}

/// What is stored of one scenario, model and variable.
public struct ScenarioSummary: Sendable, Equatable, Encodable {
    public var scenario: String
    public var model: String
    public var variable: String
    public var values: Int
    public var cells: Int
    public var firstYear: Int
    public var lastYear: Int
    /// Whether the values are monthly (else annual); a set mixing both lists `monthly` true.
    public var monthly: Bool

    public init(scenario: String, model: String, variable: String, values: Int, cells: Int, firstYear: Int, lastYear: Int, monthly: Bool) {
        self.scenario = scenario
        self.model = model
        self.variable = variable
        self.values = values
        self.cells = cells
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.monthly = monthly
    }
}

extension ScenarioProjection {
    /// The order stores list projections in: scenario, model, year, month (annual first), cell (unsigned).
    public static func storeOrder(_ a: ScenarioProjection, _ b: ScenarioProjection) -> Bool {
        (a.scenario, a.model, a.year, a.month ?? 0, a.cell) < (b.scenario, b.model, b.year, b.month ?? 0, b.cell)
    }
}
