import EcoAnalytics
import EcoCore
import EcoStore
import H3

/// Spatial hotspots: the Getis-Ord Gi* statistic of per-cell values over H3 grid-disk
/// neighbourhoods (`GET /api/v1/hotspots` and the hotspot alerts).
public enum HotspotAnalysis {
    /// One cell's Gi* result.
    public struct Hotspot: Encodable, Sendable {
        public var h3Index: String
        public var value: Double
        public var zScore: Double
        public var pValue: Double
        /// hot99, hot95, hot90, notSignificant, cold90, cold95, cold99 (ArcGIS Gi_Bin classes).
        public var classification: String
        public var confidence: Int?
    }

    /// Gi* of each cell's mean (total for summed variables) over `k`-ring neighbourhoods, strongest first.
    public static func hotspots(_ cells: [CellAggregation.Cell], variable: Variable, k: Int) -> [Hotspot] {
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
