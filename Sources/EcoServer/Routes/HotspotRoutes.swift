import EcoAnalytics
import EcoCore
import EcoPipeline
import H3
import Hummingbird

/// Spatial hotspots: the Getis-Ord Gi* statistic of per-cell values over H3 grid-disk neighbourhoods.
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/hotspots | Gi* z-score, p-value and hot/cold class per cell for `variable` at `resolution` over `start`/`end`; `k` neighbourhood rings; JSON or GeoJSON |
///
/// Cell values are the cells' means (totals for summed variables such as precipitation), from the
/// same aggregation as `/api/v1/cells`. Only significant cells are returned unless `all=true`.
struct HotspotRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/hotspots", .readPublic, use: hotspots)
    }

    struct HotspotReport: Encodable, Sendable {
        var variable: String
        var unit: String
        var resolution: Int
        var k: Int
        var cells: Int
        var data: [HotspotAnalysis.Hotspot]
    }

    @Sendable func hotspots(request: Request, context: AppRequestContext) async throws -> Response {
        let format = try OutputFormat.of(request, allowed: [.json, .geojson])
        let parameters = QueryParameters(request, context: context)
        let k = try parameters.int("k", default: 1, range: 1...5)
        let showAll = parameters.string("all") == "true"
        let (variable, cells) = try await services.cellAggregation.cells(parameters: parameters)
        let usable = cells.filter { $0.count > 0 }
        let rows = HotspotAnalysis.hotspots(usable, variable: variable, k: k).filter { showAll || $0.classification != HotspotClass.notSignificant.rawValue }
        let resolution = try parameters.resolution()
        if format == .geojson {
            let features = rows.map { row in
                GeoJSON.hexagonFeature(cell: Spatial.cell(hex: row.h3Index)!, properties: [
                    "h3Index": .string(row.h3Index), "value": .number(row.value), "zScore": .number(row.zScore),
                    "pValue": .number(row.pValue), "classification": .string(row.classification),
                    "confidence": row.confidence.map { .number(Double($0)) } ?? .null,
                ])
            }
            return try JSONResponse.make(GeoJSON.featureCollection(features), contentType: format.contentType)
        }
        return try JSONResponse.make(HotspotReport(variable: variable.name, unit: variable.unit, resolution: resolution, k: k,
                                                   cells: usable.count, data: rows))
    }
}
