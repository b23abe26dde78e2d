import EcoCore
import EcoRandom
import EcoStore
import H3

/// The demo's socio-economic layer for the justice scores: `low_income_share`, the share of households below
/// a low-income line, for every resolution-7 cell of the demo region. Synthetic and seeded (the source says
/// so): higher north-east of the centre and lower south-west, as Paris's income geography runs, with noise.
public enum DemoEquity {
    public static let indicator = "low_income_share"
    public static let source = "ecotrack-demo (synthetic, seeded; not survey data)"
    public static let resolution = 7

    /// Seeds when the demo indicator is not stored yet; returns the number of values written.
    public static func seedIfEmpty(into store: any IndicatorStore) async throws -> Int {
        guard try await store.indicatorValues(named: [indicator]).isEmpty else { return 0 }
        return try await store.upsertIndicators(try values())
    }

    /// One value per cell of the demo region.
    public static func values() throws -> [IndicatorValue] {
        let region = DemoData.region
        let cells = try H3.boundingBoxToCells(north: region.north, south: region.south, east: region.east, west: region.west, resolution: resolution)
        var random = SplitMix64(seed: 1_789)
        return cells.map { cell in
            let center = Spatial.center(of: cell.rawValue)
            // +1 far north-east of the centre, −1 far south-west.
            let gradient = max(-1, min(1, ((center.lat - 48.8566) / 0.2 + (center.lng - 2.3522) / 0.3) / 2))
            let share = max(0.02, min(0.6, 0.16 + 0.09 * gradient + 0.03 * random.gaussian()))
            return IndicatorValue(indicator: indicator, cell: cell.rawValue, value: (share * 1000).rounded() / 1000, source: source, date: "2021")
        }
    }
}
