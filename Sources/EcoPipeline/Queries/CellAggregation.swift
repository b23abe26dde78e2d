import EcoCore
import EcoStore

/// One aggregate per H3 cell, for maps (`GET /api/v1/cells`, `ecotrack query cells`) and for the
/// hotspot statistics built on it.
public struct CellAggregation: Sendable {
    let observations: any ObservationStore
    let variables: VariableRegistry

    public init(observations: any ObservationStore, variables: VariableRegistry) {
        self.observations = observations
        self.variables = variables
    }

    /// A cell's statistics over the window.
    public struct Cell: Encodable, Sendable {
        public var h3Index: String
        public var count: Int
        public var mean: Double
        public var min: Double
        public var max: Double
        public var sum: Double
        public var stdDev: Double?
        /// Series (stations) merged into the cell.
        public var stations: Int
    }

    /// Per-cell aggregates for read parameters (`variable`, `resolution`, region, `start`/`end`).
    public func cells(parameters: QueryParameters) async throws -> (Variable, [Cell]) {
        let catalogue = variables.catalogue
        let filter = try parameters.seriesFilter(catalogue: catalogue, requireVariable: true)
        let variable = catalogue[filter.variable!]!
        return (variable, try await cells(matching: filter, resolution: try parameters.resolution(), window: try parameters.window()))
    }

    /// Per-cell aggregates at `resolution` of the series matching `filter`, over `window`, ordered by cell.
    public func cells(matching filter: SeriesFilter, resolution: Int, window: TimeWindow) async throws -> [Cell] {
        let series = try await observations.series(matching: filter)
        let perSeries = try await observations.aggregates(of: series.map(\.id), window: window)
        var cells: [UInt64: (stats: RunningStats, stations: Int)] = [:]
        for item in series {
            guard let stats = perSeries[item.id] else { continue }
            let cell = Spatial.parent(of: item.key.cell, resolution: resolution)
            cells[cell, default: (RunningStats(), 0)].stats.merge(stats)
            cells[cell, default: (RunningStats(), 0)].stations += 1
        }
        return cells.map { cell, entry in
            Cell(h3Index: Spatial.hex(cell), count: entry.stats.count, mean: entry.stats.mean ?? .nan, min: entry.stats.min,
                 max: entry.stats.max, sum: entry.stats.sum, stdDev: entry.stats.standardDeviation, stations: entry.stations)
        }.sorted { $0.h3Index < $1.h3Index }
    }
}
