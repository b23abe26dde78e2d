import EcoAnalytics
import EcoCore
import EcoStore

/// Climate scenario projections (`/api/v1/climate/scenarios`, docs/domains.md "Climate scenarios"): imports,
/// what is loaded, and the change between a baseline and a horizon over a region with the model spread
/// (``ScenarioChange``) beside the region's observations.
public struct ScenarioService: Sendable {
    let projections: any ScenarioStore
    let observations: any ObservationStore
    let variables: VariableRegistry

    public init(projections: any ScenarioStore, observations: any ObservationStore, variables: VariableRegistry) {
        self.projections = projections
        self.observations = observations
        self.variables = variables
    }

    /// What an import stored.
    public struct ImportSummary: Encodable, Sendable {
        public var stored: Int
        public var scenarios: [String]
        public var models: [String]
        public var variables: [String]
    }

    /// Stores the projections of a CSV (`text/csv`) or JSON body; all rows or none.
    public func importProjections(_ body: [UInt8], contentType: String) async throws -> ImportSummary {
        let rows = try ScenarioImport.parse(body, contentType: contentType, catalogue: variables.catalogue)
        let stored = try await projections.upsertProjections(rows)
        return ImportSummary(stored: stored, scenarios: Set(rows.map(\.scenario)).sorted(), models: Set(rows.map(\.model)).sorted(),
                             variables: Set(rows.map(\.variable)).sorted())
    }

    /// Every scenario, model and variable loaded.
    public func list() async throws -> ScenarioListDocument {
        ScenarioListDocument(data: try await projections.scenarioSummaries())
    }

    /// The request of `POST /api/v1/climate/scenarios/explore`.
    public struct ExploreRequest: Decodable, Sendable {
        public var variable: String
        public var region: ScenarioRegion.Body
        /// Default 1995–2014 (the IPCC AR6 recent past).
        public var baseline: ScenarioChange.Period?
        public var horizon: ScenarioChange.Period
        /// Only monthly values of these months (1–12), e.g. [6, 7, 8] for summer.
        public var months: [Int]?
        /// Only these scenarios (all when absent).
        public var scenarios: [String]?
    }

    public static let defaultBaseline = ScenarioChange.Period(start: 1995, end: 2014)

    /// The change per scenario over the region, and the region's observations for context.
    public func explore(_ request: ExploreRequest, scope: Set<String>?) async throws -> ScenarioExploreDocument {
        let variable = try variables.catalogue.variable(named: request.variable)
        let region = try ScenarioRegion(request.region)
        let baseline = request.baseline ?? Self.defaultBaseline
        do throws(ScenarioChange.PeriodError) { try ScenarioChange.validate(baseline: baseline, horizon: request.horizon) } catch {
            throw EcoError.badRequest(error.description)
        }
        if let months = request.months {
            guard !months.isEmpty, months.allSatisfy((1...12).contains) else { throw EcoError.badRequest("'months' must list months 1–12, e.g. [6, 7, 8].") }
        }
        let years = min(baseline.start, request.horizon.start)...max(baseline.end, request.horizon.end)
        let wanted = request.scenarios.map { Set($0 + [ScenarioChange.historical]) }
        let inRegion = try await projections.projections(variable: variable.name, years: years).filter { projection in
            (wanted?.contains(projection.scenario) ?? true) && region.contains(projection.cell)
        }
        guard !inRegion.isEmpty else {
            throw EcoError.notFound("No projection of \(variable.name) lies in the region for \(years.lowerBound)–\(years.upperBound); "
                + "GET /api/v1/climate/scenarios lists what is loaded, POST /api/v1/climate/scenarios imports more.")
        }
        let results: [ScenarioChange.ScenarioResult]
        do throws(ScenarioChange.PeriodError) {
            results = try ScenarioChange.compute(inRegion, baseline: baseline, horizon: request.horizon, months: request.months.map { Set($0) })
        } catch {
            throw EcoError.badRequest(error.description)
        }
        return ScenarioExploreDocument(
            variable: variable.name, unit: variable.unit, regionKind: region.kind, projectionCells: Set(inRegion.map(\.cell)).count,
            baseline: baseline, horizon: request.horizon, months: request.months, scenarios: results.map(ScenarioExploreDocument.Scenario.init),
            observations: try await observed(variable: variable.name, region: region, baseline: baseline, horizon: request.horizon, scope: scope))
    }

    /// The region's observations of the variable over the baseline, the horizon and the whole record.
    func observed(variable: String, region: ScenarioRegion, baseline: ScenarioChange.Period, horizon: ScenarioChange.Period,
                  scope: Set<String>?) async throws -> ScenarioExploreDocument.Observed {
        let series = try await observations.series(matching: region.seriesFilter(variable: variable, scope: scope))
            .filter { region.containsStation(lat: $0.lat, lng: $0.lng) }
        func stats(_ window: TimeWindow) async throws -> RunningStats {
            var total = RunningStats()
            for (_, stats) in try await observations.aggregates(of: series.map(\.id), window: window) { total.merge(stats) }
            return total
        }
        func window(_ period: ScenarioChange.Period) -> TimeWindow {
            TimeWindow(startMs: Int64(CivilDate.days(year: period.start, month: 1, day: 1)) * 86_400_000,
                       endMs: Int64(CivilDate.days(year: period.end + 1, month: 1, day: 1)) * 86_400_000)
        }
        return ScenarioExploreDocument.Observed(series: series.count, baseline: .init(try await stats(window(baseline))),
                                                horizon: .init(try await stats(window(horizon))), record: .init(try await stats(.all)))
    }
}
