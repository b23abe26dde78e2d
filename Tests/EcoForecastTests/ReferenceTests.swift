import Foundation
import Testing

@testable import EcoForecast

/// Agreement with statsforecast 2.1.1 (fixtures from scripts/reference/forecast_reference.py).
///
/// Tolerances (docs/forecasting.md): ETS optimisers differ, so for each fixed spec our AICc must be at most
/// the reference's + 0.5 % (lower is a better optimum, which statsforecast's Nelder–Mead often misses on
/// seasonal models); where both reach the same optimum (non-seasonal, undamped specs) forecasts agree within 2 % of the series' standard deviation.
struct ReferenceTests {
    struct Entry: Decodable {
        struct Auto: Decodable {
            var method: String?
            var aicc: Double?
            var mean: [Double]
            var lo80: [Double]?
            var hi80: [Double]?
        }
        var period: Int
        var horizon: Int
        var autoets: Auto
        var specs: [String: Auto]
        var autotheta: Auto
        var snaive: Auto
    }

    struct Reference: Decodable { var series: [String: Entry] }

    static let reference: Reference = {
        let url = Bundle.module.url(forResource: "forecast_reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    static func series(_ name: String) -> [Double] {
        let url = Bundle.module.url(forResource: "forecast_\(name)", withExtension: "csv", subdirectory: "Fixtures")!
        return try! ForecastCSV.parse(String(contentsOf: url, encoding: .utf8)).values
    }

    static func spec(_ key: String, period: Int) -> ETSSpec {
        let error = ETSSpec.Error(rawValue: String(key.first!))!
        let season = ETSSpec.Season(rawValue: String(key.last!))!
        let trend = ETSSpec.Trend(rawValue: String(key.dropFirst().dropLast()))!
        return ETSSpec(error: error, trend: trend, season: season, period: season == .none ? 1 : period)
    }

    static let specCases: [(String, String)] = reference.series.flatMap { name, entry in entry.specs.keys.map { (name, $0) } }.sorted { "\($0)" < "\($1)" }

    @Test(arguments: specCases)
    func etsLikelihoodIsAtLeastAsGoodAsStatsforecast(series name: String, spec key: String) throws {
        let entry = try #require(Self.reference.series[name])
        let expected = try #require(entry.specs[key])
        let fit = try #require(Self.spec(key, period: entry.period).fit(Self.series(name)))
        let referenceAICc = try #require(expected.aicc)
        #expect(fit.aicc <= referenceAICc + 0.005 * abs(referenceAICc), "\(name) \(key): \(fit.aicc) vs \(referenceAICc)")
        let spec = Self.spec(key, period: entry.period)
        // Damped trends leave the likelihood flat in φ, so equal AICc does not pin their forecasts down.
        if spec.season == .none && spec.trend != .damped && abs(fit.aicc - referenceAICc) < 0.001 * abs(referenceAICc) {
            let mean = fit.pointForecast(horizon: entry.horizon)
            let scale = SeriesStatistics.standardDeviation(Self.series(name)[...])
            for (ours, theirs) in zip(mean, expected.mean) { #expect(abs(ours - theirs) <= 0.02 * scale) }
        }
    }

    @Test(arguments: ["nile", "co2", "airpassengers", "sunspots"])
    func autoETSPicksAModelNoWorseByAICc(series name: String) throws {
        let entry = try #require(Self.reference.series[name])
        let (best, _) = try #require(AutoETS.fit(Self.series(name), period: entry.period))
        let referenceAICc = try #require(entry.autoets.aicc)
        #expect(best.aicc <= referenceAICc + 0.5)
    }

    @Test func autoETSMatchesStatsforecastWhereTheyAgreeOnTheModel() throws {
        let entry = try #require(Self.reference.series["nile"])
        let (best, _) = try #require(AutoETS.fit(Self.series("nile"), period: 1))
        #expect(best.spec.name == entry.autoets.method)
        let forecast = best.forecast(horizon: entry.horizon, seed: 1)
        for step in 0..<entry.horizon {
            #expect(abs(forecast.mean[step] - entry.autoets.mean[step]) < 0.01 * entry.autoets.mean[step])
            // Multiplicative-error intervals are simulated here and approximated there: 5 % of the width.
            let width = entry.autoets.hi80![step] - entry.autoets.lo80![step]
            #expect(abs(forecast.quantile(step: step, 0.9) - entry.autoets.hi80![step]) < 0.05 * width)
        }
    }

    @Test(arguments: ["nile", "co2", "airpassengers", "sunspots"])
    func seasonalNaiveMatchesStatsforecast(series name: String) throws {
        let entry = try #require(Self.reference.series[name])
        let fit = NaiveModels.seasonalNaive(Self.series(name), period: entry.period, horizon: entry.horizon)
        for step in 0..<entry.horizon {
            #expect(abs(fit.forecast.mean[step] - entry.snaive.mean[step]) < 1e-9)
            #expect(abs(fit.forecast.quantile(step: step, 0.1) - entry.snaive.lo80![step]) < 1e-6 * abs(entry.snaive.lo80![step]) + 1e-6)
        }
    }

    @Test(arguments: ["nile", "co2", "airpassengers", "sunspots"])
    func autoThetaForecastsAgreeWithStatsforecast(series name: String) throws {
        let entry = try #require(Self.reference.series[name])
        let fit = try #require(AutoTheta.modelFit(Self.series(name), period: entry.period, horizon: entry.horizon, seed: 1))
        let scale = SeriesStatistics.standardDeviation(Self.series(name)[...])
        for step in 0..<entry.horizon {
            #expect(abs(fit.forecast.mean[step] - entry.autotheta.mean[step]) < 0.1 * scale, "\(name) step \(step)")
        }
    }
}
