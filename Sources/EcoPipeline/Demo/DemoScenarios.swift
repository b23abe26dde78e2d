import EcoCore
import EcoRandom
import EcoStore

/// The demo's climate scenario projections: annual `temperature_2m` at the cells of the long climate stations
/// (``DemoClimate``), for three made-up models, a `historical` run 1995–2014 and `ssp245` and `ssp585` runs
/// 2015–2100. Synthetic and seeded: each model warms at its own rate (the ssp585 rate about twice the ssp245
/// one, roughly the AR6 WGI ratio for Western Europe by 2100), around the demo climate's 11.5 °C, with
/// year-to-year noise and a p5–p95 band of ±1.2 °C. They exist so `POST /api/v1/climate/scenarios/explore`
/// answers with `--demo`; they are not model output.
public enum DemoScenarios {
    public static let models: [(name: String, ssp245: Double, ssp585: Double)] = [
        ("demo-model-a", 0.020, 0.045), ("demo-model-b", 0.026, 0.055), ("demo-model-c", 0.016, 0.038),
    ]
    public static let resolution = 7

    /// Seeds when no projection of the demo models is stored; returns the number of values written.
    public static func seedIfEmpty(into store: any ScenarioStore) async throws -> Int {
        let loaded = try await store.scenarioSummaries()
        guard !loaded.contains(where: { $0.model.hasPrefix("demo-model") }) else { return 0 }
        return try await store.upsertProjections(projections())
    }

    /// Every demo projection.
    public static func projections() -> [ScenarioProjection] {
        var random = SplitMix64(seed: 2_015)
        let cells = DemoClimate.stations.map { try! Spatial.cell(lat: $0.lat, lng: $0.lng, resolution: resolution) }
        var result: [ScenarioProjection] = []
        for model in models {
            for cell in cells {
                func add(_ scenario: String, _ year: Int, _ rate: Double) {
                    let mean = 11.8 + rate * Double(max(0, year - 2005)) + 0.35 * random.gaussian()
                    let rounded = (mean * 100).rounded() / 100
                    result.append(ScenarioProjection(scenario: scenario, model: model.name, variable: "temperature_2m", year: year, month: nil,
                                                     cell: cell, mean: rounded, p5: rounded - 1.2, p95: rounded + 1.2))
                }
                for year in 1995...2014 { add("historical", year, 0.02) }
                for year in 2015...2100 {
                    add("ssp245", year, model.ssp245)
                    add("ssp585", year, model.ssp585)
                }
            }
        }
        return result
    }
}
