import EcoCore
import EcoStore
import Hummingbird

/// One aggregate per H3 cell, for maps.
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/cells | per-cell count/mean/min/max/sum at `resolution` over a time window; JSON, GeoJSON hexagons or CSV |
struct CellRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/cells", .readPublic, use: cells)
    }

    struct CellAggregate: Encodable, Sendable {
        var h3Index: String
        var count: Int
        var mean: Double
        var min: Double
        var max: Double
        var sum: Double
        var stdDev: Double?
        var stations: Int
    }

    @Sendable func cells(request: Request, context: AppRequestContext) async throws -> Response {
        let format = try OutputFormat.of(request, allowed: [.json, .geojson, .csv])
        let (variable, data) = try await cells(parameters: QueryParameters(request, context: context))
        return try Self.encode(data, variable: variable, format: format)
    }

    /// Per-cell aggregates; shared by the route and `ecotrack query cells`.
    func cells(parameters: QueryParameters) async throws -> (Variable, [CellAggregate]) {
        let catalogue = services.catalogue
        let filter = try parameters.seriesFilter(catalogue: catalogue, requireVariable: true)
        let variable = catalogue[filter.variable!]!
        return (variable, try await cells(matching: filter, resolution: try parameters.resolution(), window: try parameters.window()))
    }

    /// Per-cell aggregates at `resolution` of the series matching `filter`, over `window`.
    func cells(matching filter: SeriesFilter, resolution: Int, window: TimeWindow) async throws -> [CellAggregate] {
        let series = try await services.store.series(matching: filter)
        let perSeries = try await services.store.aggregates(of: series.map(\.id), window: window)
        var cells: [UInt64: (stats: RunningStats, stations: Int)] = [:]
        for item in series {
            guard let stats = perSeries[item.id] else { continue }
            let cell = Spatial.parent(of: item.key.cell, resolution: resolution)
            cells[cell, default: (RunningStats(), 0)].stats.merge(stats)
            cells[cell, default: (RunningStats(), 0)].stations += 1
        }
        return cells.map { cell, entry in
            CellAggregate(h3Index: Spatial.hex(cell), count: entry.stats.count, mean: entry.stats.mean ?? .nan, min: entry.stats.min,
                          max: entry.stats.max, sum: entry.stats.sum, stdDev: entry.stats.standardDeviation, stations: entry.stations)
        }.sorted { $0.h3Index < $1.h3Index }
    }

    static func encode(_ data: [CellAggregate], variable: Variable, format: OutputFormat) throws -> Response {
        switch format {
        case .csv:
            var text = "h3Index,count,mean,min,max,sum,stdDev,stations\n"
            for row in data {
                text += "\(row.h3Index),\(row.count),\(row.mean),\(row.min),\(row.max),\(row.sum),\(row.stdDev.map { "\($0)" } ?? ""),\(row.stations)\n"
            }
            return JSONResponse.text(text, contentType: format.contentType)
        case .geojson:
            let features = data.map { row in
                GeoJSON.hexagonFeature(cell: Spatial.cell(hex: row.h3Index)!, properties: [
                    "h3Index": .string(row.h3Index), "variable": .string(variable.name), "unit": .string(variable.unit),
                    "count": .number(Double(row.count)), "mean": .number(row.mean), "min": .number(row.min),
                    "max": .number(row.max), "sum": .number(row.sum), "stations": .number(Double(row.stations)),
                ])
            }
            return try JSONResponse.make(GeoJSON.featureCollection(features), contentType: format.contentType)
        case .json, .ndjson:
            return try JSONResponse.make(Page(data: data, pagination: Pagination(limit: data.count, nextCursor: nil, hasMore: false)))
        }
    }
}
