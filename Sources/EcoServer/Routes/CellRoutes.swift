import EcoCore
import EcoPipeline
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

    @Sendable func cells(request: Request, context: AppRequestContext) async throws -> Response {
        let format = try OutputFormat.of(request, allowed: [.json, .geojson, .csv])
        let parameters = QueryParameters(request, context: context)
        let (variable, cells) = try await services.cellAggregation.cells(parameters: parameters)
        let page = Page.whole(cells, limit: try parameters.optionalLimit(maximum: services.configuration.maxPageSize))
        return try Self.encode(page, variable: variable, format: format)
    }

    static func encode(_ page: Page<CellAggregation.Cell>, variable: Variable, format: OutputFormat) throws -> Response {
        let data = page.data
        switch format {
        case .csv:
            var text = "h3Index,count,mean,min,max,sum,stdDev,stations\n"
            for row in data {
                text += "\(row.h3Index),\(row.count),\(row.mean),\(row.min),\(row.max),\(row.sum),\(row.stdDev.map { "\($0)" } ?? ""),\(row.stations)\n"
            }
            return JSONResponse.text(text, contentType: format.contentType)
        case .geojson:
            let features = data.map { row in
                // Pollutants with an EPA table also carry the AQI of their mean, so a map can colour by it.
                GeoJSON.hexagonFeature(cell: Spatial.cell(hex: row.h3Index)!, properties: [
                    "h3Index": .string(row.h3Index), "variable": .string(variable.name), "unit": .string(variable.unit),
                    "count": .number(Double(row.count)), "mean": .number(row.mean), "min": .number(row.min),
                    "max": .number(row.max), "sum": .number(row.sum), "stations": .number(Double(row.stations)),
                ].merging(CellMeanAQI.properties(variable: variable, mean: row.mean)) { kept, _ in kept })
            }
            return try JSONResponse.make(GeoJSON.featureCollection(features), contentType: format.contentType)
        case .json, .ndjson:
            return try JSONResponse.make(page)
        }
    }
}
