import EcoCore

/// A population layer: people per H3 cell, imported like the socio-economic indicators
/// (`POST /api/v1/equity/indicators`) under the name `population` or `population_<group>` (e.g.
/// `population_over_65`). It weights exposures over a region (``PolygonExposureService``) and is never a
/// justice-score input (more people is no disadvantage).
enum PopulationLayer {
    static let defaultName = "population"

    static func isLayer(_ name: String) -> Bool { name == defaultName || name.hasPrefix(defaultName + "_") }

    /// People per cell at `resolution`: finer cells are summed into their parent (people add up, unlike the
    /// averaged indicators); coarser cells are not used, since their people cannot be placed in a finer cell.
    static func people(_ stored: [IndicatorValue], resolution: Int) -> (people: [UInt64: Double], sources: [String]) {
        var people: [UInt64: Double] = [:]
        var sources = Set<String>()
        for value in stored where Spatial.resolution(of: value.cell) >= resolution {
            people[Spatial.parent(of: value.cell, resolution: resolution), default: 0] += value.value
            sources.insert(value.source)
        }
        return (people, sources.sorted())
    }
}
