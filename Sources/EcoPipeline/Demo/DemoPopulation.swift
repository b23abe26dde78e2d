import EcoCore
import EcoStore
import Foundation
import H3

/// The demo's population layer, `population` (people per resolution-7 cell of the demo region), for the
/// population-weighted exposures of `POST /api/v1/equity/exposure`.
///
/// **Synthetic, not census data**: Clark's (1951) exponential urban density model, D(r) = D₀·e^(−r/b), with
/// D₀ = 25,000 people/km² at the centre of Paris (48.8566 N, 2.3522 E) and b = 5 km, times the cell's area
/// (h3 `cellAreaKm2`), rounded to whole people: about 20,000/km² in the centre and 3,000/km² 10 km out, the
/// order of Paris and its inner suburbs, without its real pattern. Clark, C. (1951), "Urban Population
/// Densities", JRSS A 114(4), 490–496. The source column says all this.
public enum DemoPopulation {
    public static let indicator = PopulationLayer.defaultName
    public static let source = "ecotrack-demo (synthetic: Clark 1951 exponential density 25000*exp(-r/5 km) per km2 from the centre of Paris x cell area; not census data)"
    public static let centralDensity = 25_000.0, scaleKm = 5.0

    /// Seeds when the demo's layer is not stored yet; returns the number of cells written.
    public static func seedIfEmpty(into store: any IndicatorStore) async throws -> Int {
        guard try await store.indicatorValues(named: [indicator]).isEmpty else { return 0 }
        return try await store.upsertIndicators(try values())
    }

    /// People per cell, the cells of ``DemoEquity``.
    public static func values() throws -> [IndicatorValue] {
        let region = DemoData.region
        let cells = try H3.boundingBoxToCells(north: region.north, south: region.south, east: region.east, west: region.west, resolution: DemoEquity.resolution)
        return cells.map { cell in
            let center = Spatial.center(of: cell.rawValue)
            let people = (people(lat: center.lat, lng: center.lng, areaKm2: cell.areaKm2)).rounded()
            return IndicatorValue(indicator: indicator, cell: cell.rawValue, value: people, source: source, date: "2021")
        }
    }

    /// Clark's density at the point times the area.
    static func people(lat: Double, lng: Double, areaKm2: Double) -> Double {
        // Equirectangular distance: good to well under 1 % over the demo's 50 km.
        let kmPerDegree = 111.195
        let dy = (lat - 48.8566) * kmPerDegree, dx = (lng - 2.3522) * kmPerDegree * cos(48.8566 * .pi / 180)
        return centralDensity * exp(-(dx * dx + dy * dy).squareRoot() / scaleKm) * areaKm2
    }
}
