import EcoAnalytics
import EcoCore
import EcoRandom
import EcoStore
import Foundation

/// The demo's maize yield model: a yield history for the resolution-7 cell of the `clim-south` climate station,
/// fitted by the `yield-regression` training job's code and registered as `food-yield-maize-ols`, so
/// `POST /api/v1/food/yield-forecast?model=food-yield-maize-ols` answers on `--demo`.
///
/// **Synthetic, not real yields.** The demo's weather is itself synthetic (``DemoClimate``), so real yields of any
/// place would not belong to it. Each complete maize season (05-01 – 09-30) of the record but the latest gets
/// yield = 4.0 + 0.003·GDD + 0.004·P + ε t/ha, GDD the season's maize degree days (10/30 °C, clamped), P its
/// precipitation in mm, ε ~ N(0, 0.35²) from a seeded generator — about 9 t/ha, near French grain maize. The
/// history's `source` says so, and the latest season is left out for the forecast.
public enum DemoYield {
    public static let modelName = "food-yield-maize-ols"
    public static let region = "demo-clim-south"
    public static let source = "ecotrack-demo (synthetic: 4.0 + 0.003*GDD + 0.004*P + normal noise of sd 0.35 t/ha; seeded; not real yields)"
    /// The model's coefficients: intercept (t/ha), per °C·day, per mm; and the noise's standard deviation.
    public static let intercept = 4.0, perDegreeDay = 0.003, perMillimetre = 0.004, noise = 0.35

    /// The cell of the history: `clim-south` at resolution 7.
    public static var cell: UInt64 {
        let station = DemoClimate.stations[0]
        return Spatial.parent(of: Spatial.cell15(lat: station.lat, lng: station.lng), resolution: 7)
    }

    /// The training parameters: maize at ``cell`` with the crop's default season and thresholds.
    static var parameters: QueryParameters { QueryParameters(["crop": "maize", "h3": Spatial.hex(cell)], readableOrganizations: [""]) }

    /// Stores the history (`GET /api/v1/food/yields` lists it) when the store has none for ``region``, and registers the
    /// model when no version of it exists; returns the model, or nil when one was there already.
    public static func seedIfEmpty(into store: any ModelRegistry & ObservationStore & YieldStore, clock: WallClock) async throws -> ModelVersion? {
        let csv = try await history(from: store)
        if try await store.yields(crop: "maize", region: region).isEmpty {
            _ = try await store.upsertYields(try cropCall { () throws(CropIndexError) in try YieldHistory.parse(csv) })
        }
        guard try await store.modelVersions(named: modelName).isEmpty else { return nil }
        let service = YieldForecastService(observations: store, registry: store, yields: store)
        return try await service.train(history: csv, parameters, name: modelName, clock: clock).registered
    }

    /// The synthetic history CSV, from the season weather stored at ``cell``.
    public static func history(from store: any ObservationStore) async throws -> String {
        let request = try CropMonitoringService.request(parameters)
        let weather = try await YieldSeasonWeather.load(cell: cell, request: request, organizations: [""], observations: store)
        let latest = weather.defaultYear
        var random = SplitMix64(seed: 1_947)
        var lines = ["region,crop,year,yield,unit,source"]
        for year in (latest - DemoClimate.years)..<latest {
            guard case let .success(season) = weather.aggregate(year) else { continue }
            let value = intercept + perDegreeDay * season.gdd + perMillimetre * season.rain + noise * random.gaussian()
            lines.append("\(region),maize,\(year),\(String(format: "%.2f", value)),t/ha,\(source)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
