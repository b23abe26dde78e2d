import Foundation
import Testing

@testable import EcoForecast

/// Hand-checkable cases.
struct ModelTests {
    let day: Int64 = 86_400_000
    func times(_ count: Int) -> [Int64] { (0..<count).map { Int64($0) * 86_400_000 } }

    @Test(arguments: [ForecastModelChoice.auto, .ets, .theta, .snaive, .ensemble])
    func aConstantSeriesIsForecastFlatWithZeroWidth(model: ForecastModelChoice) throws {
        let forecast = try Forecaster.forecast(timestamps: times(40), values: [Double](repeating: 7, count: 40), options: ForecastOptions(horizon: 5, model: model))
        #expect(forecast.preparation.constant)
        #expect(forecast.steps.allSatisfy { $0.mean == 7 && $0.p10 == 7 && $0.p90 == 7 })
    }

    @Test func sesOnANearlyConstantSeriesForecastsItsLevel() throws {
        let y = (0..<60).map { 10 + ($0 % 2 == 0 ? 0.01 : -0.01) }
        let fit = try #require(ETSSpec(error: .additive, trend: .none, season: .none, period: 1).fit(y))
        #expect(abs(fit.pointForecast(horizon: 1)[0] - 10) < 0.01)
    }

    @Test func seasonalNaiveRepeatsAPureCycle() throws {
        let cycle: [Double] = [1, 5, 2, 8]
        let y = (0..<20).map { cycle[$0 % 4] }
        let forecast = try Forecaster.forecast(timestamps: times(20), values: y, options: ForecastOptions(horizon: 6, model: .snaive, seasonLength: 4))
        #expect(forecast.steps.map(\.mean) == [1, 5, 2, 8, 1, 5])
        #expect(forecast.steps.allSatisfy { $0.p10 == $0.p90 })
    }

    @Test func driftExtendsALine() throws {
        let y = (0..<10).map { 3 + 2 * Double($0) }
        let forecast = try Forecaster.forecast(timestamps: times(10), values: y, options: ForecastOptions(horizon: 3, model: .drift))
        #expect(forecast.steps.map(\.mean) == [23, 25, 27])
        #expect(forecast.steps[0].timeMs == 10 * day)
    }

    @Test func linearETSIntervalsFollowTheAnalyticVariance() throws {
        var generator = SeededGenerator(seed: 3)
        let y = (0..<100).map { _ in 50 + generator.nextNormal() }
        let fit = try #require(ETSSpec(error: .additive, trend: .none, season: .none, period: 1).fit(y))
        let forecast = fit.forecast(horizon: 3, seed: 1)
        let sigma = fit.sigma2.squareRoot()
        let expected = 1.2815515655446004 * sigma * (1 + 2 * fit.parameters.alpha * fit.parameters.alpha).squareRoot()
        #expect(abs(forecast.quantile(step: 2, 0.9) - forecast.mean[2] - expected) < 1e-9)
    }

    @Test func zerosAndAValidRangeKeepPrecipitationNonNegative() throws {
        var generator = SeededGenerator(seed: 5)
        let y = (0..<120).map { _ in max(0, 3 * generator.nextNormal()) }
        let forecast = try Forecaster.forecast(timestamps: times(120), values: y, options: ForecastOptions(horizon: 7, validRange: 0...Double.infinity))
        #expect(forecast.steps.allSatisfy { $0.p10 >= 0 && $0.mean >= 0 && $0.intervals.allSatisfy { $0.lower >= 0 } })
        #expect(!forecast.model.name.contains("M,"))
    }

    @Test func veryShortSeriesFallBackToNaive() throws {
        let forecast = try Forecaster.forecast(timestamps: times(3), values: [1, 2, 4], options: ForecastOptions(horizon: 2))
        #expect(forecast.model.name == "Naive")
        #expect(forecast.model.selection.criterion == "fallback")
        #expect(forecast.steps.map(\.mean) == [4, 4])
    }

    @Test func hourlyDataWithDailyAndWeeklyCyclesDecomposesTheWeeklyOne() throws {
        let hours = 24 * 7 * 4
        let y = (0..<hours).map { t -> Double in
            let daily = 5 * sin(2 * Double.pi * Double(t % 24) / 24)
            let weekend = (t / 24) % 7 >= 5 ? 8.0 : 0
            return 20 + daily + weekend + 0.1 * Double(t % 5)
        }
        let times = (0..<hours).map { Int64($0) * 3_600_000 }
        let forecast = try Forecaster.forecast(timestamps: times, values: y, options: ForecastOptions(horizon: 48, model: .ets, backtestWindows: 0))
        #expect(forecast.seasonality.detected == [24, 168])
        #expect(forecast.seasonality.modelPeriod == 24)
        #expect(forecast.seasonality.decomposed == [168])
        // The forecast starts on a Monday (hour 672 = day 28): no weekend uplift in the first day.
        #expect(abs(forecast.steps[6].mean - y[6 + 24 * 7]) < 1.5)
    }

    @Test func invalidOptionsAreRejected() {
        #expect(throws: ForecastError.invalidHorizon(0)) { try Forecaster.forecast(timestamps: [0], values: [1], options: ForecastOptions(horizon: 0)) }
        #expect(throws: ForecastError.invalidLevel(100)) { try Forecaster.forecast(timestamps: [0], values: [1], options: ForecastOptions(horizon: 1, levels: [100])) }
        #expect(throws: ForecastError.lengthMismatch(timestamps: 1, values: 2)) { try Forecaster.forecast(timestamps: [0], values: [1, 2], options: ForecastOptions(horizon: 1)) }
    }

    @Test func sameSeedGivesTheSameForecast() throws {
        let y = (0..<60).map { 10 + Double($0 % 12) + Double($0) * 0.1 }
        let options = ForecastOptions(horizon: 12, model: .theta)
        #expect(try Forecaster.forecast(timestamps: times(60), values: y, options: options) == Forecaster.forecast(timestamps: times(60), values: y, options: options))
    }

    @Test func backtestOfSeasonalNaiveOnATrendingCycleHasMASEOne() throws {
        let y = (0..<80).map { 10 + 3 * sin(2 * Double.pi * Double($0) / 7) + 0.05 * Double($0) }
        let report = try Forecaster.backtest(timestamps: times(80), values: y, options: ForecastOptions(horizon: 7, model: .snaive, levels: [95]), windows: 3)
        #expect(report.windows == 3 && report.horizon == 7)
        #expect(report.coverage.map(\.level) == [80, 95])
        #expect(report.coverage.allSatisfy { (0...1).contains($0.coverage) })
        // Seasonal naive misses by one season of trend (7 × 0.05) at every step, in sample and out: MASE = 1.
        #expect(abs(report.mae - 0.35) < 1e-9)
        #expect(abs((report.mase ?? 0) - 1) < 1e-9)
    }

    @Test func autoChoosesETSByItsMultiStepErrorAndSaysSo() throws {
        let y = (0..<60).map { 10 + Double($0 % 7) + Double($0) * 0.1 }
        let forecast = try Forecaster.forecast(timestamps: times(60), values: y, options: ForecastOptions(horizon: 6))
        #expect(forecast.model.name.hasPrefix("ETS("))
        #expect(forecast.model.selection.criterion == "6-step MAE")
        #expect(forecast.model.selection.explanation.contains("ETS candidates"))
        #expect(forecast.backtest?.windows == 2)
        #expect(forecast.steps.allSatisfy { $0.p10 <= $0.p50 && $0.p50 <= $0.p90 && $0.intervals.count == 2 })
    }

    @Test func ensembleIsTheMedianOfThreeMembersAndSaysSo() throws {
        let y = (0..<60).map { 10 + Double($0 % 7) + Double($0) * 0.1 }
        let forecast = try Forecaster.forecast(timestamps: times(60), values: y, options: ForecastOptions(horizon: 6, model: .ensemble))
        #expect(forecast.model.name.hasPrefix("Ensemble(median of ETS("))
        #expect(forecast.model.selection.criterion == "ensemble")
    }

    @Test func normalQuantilesMatchTables() {
        #expect(abs(Normal.quantile(0.9) - 1.2815515655446004) < 1e-12)
        #expect(abs(Normal.quantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(Normal.quantile(0.001) + 3.090232306167813) < 1e-10)
    }
}
