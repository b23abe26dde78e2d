import EcoCore

/// Storage of imported socio-economic indicators per H3 cell (issue #17, equity). A cell holds one value per
/// indicator: importing the same indicator and cell again replaces it (with its source and date).
public protocol IndicatorStore: Sendable {
    /// Stores `values` in one transaction, replacing stored values of the same indicator and cell; returns how many were written.
    func upsertIndicators(_ values: [IndicatorValue]) async throws -> Int
    /// The stored values of the named indicators (every indicator when nil), ordered by indicator, then cell.
    func indicatorValues(named: [String]?) async throws -> [IndicatorValue]
    /// Every indicator with its number of cells, its sources and its date range, ordered by name.
    func indicatorSummaries() async throws -> [IndicatorSummary]
}

/// Storage of imported climate scenario projections (issue #17). One value per scenario, model, variable,
/// year, month (or annual) and cell: importing it again replaces it.
public protocol ScenarioStore: Sendable {
    /// Stores `projections` in one transaction, replacing stored ones with the same key; returns how many were written.
    func upsertProjections(_ projections: [ScenarioProjection]) async throws -> Int
    /// Every scenario, model and variable loaded, ordered by scenario, model, variable.
    func scenarioSummaries() async throws -> [ScenarioSummary]
    /// The projections of `variable` for the years in `years`, ordered by scenario, model, year, month (annual first), cell.
    func projections(variable: String, years: ClosedRange<Int>) async throws -> [ScenarioProjection]
}
