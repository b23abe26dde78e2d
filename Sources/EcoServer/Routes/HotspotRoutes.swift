import EcoAnalytics
import EcoCore
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

    struct Hotspot: Encodable, Sendable {
        var h3Index: String
        var value: Double
        var zScore: Double
        var pValue: Double
        /// hot99, hot95, hot90, notSignificant, cold90, cold95, cold99 (ArcGIS Gi_Bin classes).
        var classification: String
        var confidence: Int?
    }

    struct HotspotReport: Encodable, Sendable {
        var variable: String
        var unit: String
        var resolution: Int
        var k: Int
        var cells: Int
        var data: [Hotspot]
    }

    @Sendable func hotspots(request: Request, context: AppRequestContext) async throws -> Response {
        let format = try OutputFormat.of(request, allowed: [.json, .geojson])
        let parameters = QueryParameters(request, context: context)
        let k = try parameters.int("k", default: 1, range: 1...5)
        let showAll = parameters.string("all") == "true"
        let (variable, cells) = try await CellRoutes(services: services).cells(parameters: parameters)
        let usable = cells.filter { $0.count > 0 }
        let rows = Self.hotspots(usable, variable: variable, k: k).filter { showAll || $0.classification != HotspotClass.notSignificant.rawValue }
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

    /// Gi* of each cell's mean (total for summed variables) over `k`-ring neighbourhoods, strongest first.
    static func hotspots(_ cells: [CellRoutes.CellAggregate], variable: Variable, k: Int) -> [Hotspot] {
        let ids = cells.compactMap { Spatial.cell(hex: $0.h3Index) }
        let values = cells.map { variable.aggregation == .sum ? $0.sum : $0.mean }
        let scores = GetisOrdGiStar.hotspots(cells: ids, values: values) { cell in
            ((try? H3.gridDisk(H3Cell(unchecked: cell), k: k)) ?? []).map(\.rawValue)
        }
        return scores.map {
            Hotspot(h3Index: Spatial.hex($0.cell), value: $0.value, zScore: $0.score.zScore, pValue: $0.score.pValue,
                    classification: $0.score.classification.rawValue, confidence: $0.score.classification.confidencePercent)
        }.sorted { abs($0.zScore) > abs($1.zScore) }
    }
}
