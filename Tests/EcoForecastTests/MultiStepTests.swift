import Foundation
import Testing

@testable import EcoForecast

/// The multi-step criterion, re-estimation and interval floor behind `--model auto`.
struct MultiStepTests {
    /// ETS(A,N,N) with α = 1 is the naive method: from origin t every lead forecasts y[t − 1].
    let naiveSES = (spec: ETSSpec(error: .additive, trend: .none, season: .none, period: 1), parameters: ETSParameters(alpha: 1, beta: 0, gamma: 0, phi: 1))
    let y: [Double] = [1, 2, 4, 7, 11]

    @Test func multiStepErrorOfNaiveSmoothingIsTheNaiveErrorByHand() throws {
        // Origins 1, 2, 3 (burn-in 1, horizon 2): |2 − 1| + |4 − 1|, |4 − 2| + |7 − 2|, |7 − 4| + |11 − 4| = 21 over 6.
        let error = FittedETS.multiStepError(
            y, spec: naiveSES.spec, parameters: naiveSES.parameters, initialState: ETSState(level: 1, trend: 0, seasonal: [0], nextPhase: 0),
            horizon: 2, burnIn: 1, squared: false)
        #expect(error == 3.5)
    }

    @Test func multiStepRMSEIsReportedPerLead() throws {
        let fit = try #require(naiveSES.spec.refilter(y, parameters: naiveSES.parameters, initialState: ETSState(level: 1, trend: 0, seasonal: [0], nextPhase: 0)))
        let rmse = try #require(fit.multiStepRMSE(y, horizon: 2, burnIn: 1))
        #expect(abs(rmse[0] - (14.0 / 3).squareRoot()) < 1e-12)
        #expect(abs(rmse[1] - (83.0 / 3).squareRoot()) < 1e-12)
    }

    @Test func noCompleteHorizonAfterTheBurnInGivesNil() throws {
        #expect(
            FittedETS.multiStepError(
                y, spec: naiveSES.spec, parameters: naiveSES.parameters, initialState: ETSState(level: 1, trend: 0, seasonal: [0], nextPhase: 0),
                horizon: 3, burnIn: 3, squared: false) == nil)
    }

    @Test func reestimationNeverWorsensTheMultiStepCriterion() throws {
        // A smooth daily cycle on a slow drift with autocorrelated noise: maximum likelihood over-reacts here.
        var generator = SeededGenerator(seed: 11)
        var noise = 0.0
        let series = (0..<24 * 30).map { t -> Double in
            noise = 0.95 * noise + 0.05 * generator.nextNormal()
            return 40 + 3 * sin(2 * Double.pi * Double(t % 24) / 24) + 0.002 * Double(t) + noise
        }
        let spec = ETSSpec(error: .additive, trend: .additive, season: .additive, period: 24)
        let likelihoodFit = try #require(spec.fit(series))
        let refit = try #require(likelihoodFit.multiStepRefit(series, horizon: 48, burnIn: 48))
        let before = try #require(likelihoodFit.multiStepError(series, horizon: 48, burnIn: 48, squared: true))
        let after = try #require(refit.multiStepError(series, horizon: 48, burnIn: 48, squared: true))
        #expect(after <= before)
        #expect(refit.initialState == likelihoodFit.initialState)
    }

    @Test func refilterReproducesTheFittedFinalState() throws {
        let series = (0..<80).map { t -> Double in 20 + 5 * sin(Double(t) / 2) + 0.1 * Double(t) }
        let fit = try #require(ETSSpec(error: .additive, trend: .damped, season: .none, period: 1).fit(series))
        let again = try #require(fit.spec.refilter(series, parameters: fit.parameters, initialState: fit.initialState))
        #expect(abs(again.finalState.level - fit.finalState.level) < 1e-9)
        #expect(abs(again.aicc - fit.aicc) < 1e-6)
    }

    @Test func autoFallsBackToAICcWhenNoHorizonFitsAfterTheBurnIn() throws {
        let series = (0..<20).map { 5 + Double($0 % 3) + 0.2 * Double($0) }
        let times = (0..<20).map { Int64($0) * 86_400_000 }
        let forecast = try Forecaster.forecast(timestamps: times, values: series, options: ForecastOptions(horizon: 15, backtestWindows: 0))
        #expect(forecast.model.selection.criterion == "AICc")
    }

    @Test(arguments: [
        (PredictiveDistribution.Spread.normal(standardDeviations: [1, 3]), [2.0, 2.0], [2.0, 3.0]),
        (PredictiveDistribution.Spread.normal(standardDeviations: [0.5, 0.5]), [0.1, 0.4], [0.5, 0.5]),
    ])
    func wideningRaisesSmallSpreadsAndKeepsLargeOnes(spread: PredictiveDistribution.Spread, floor: [Double], expected: [Double]) {
        let widened = PredictiveDistribution(mean: [10, 10], spread: spread).widened(toAtLeast: floor)
        for step in 0..<2 {
            let deviation = (widened.quantile(step: step, 0.9) - 10) / 1.2815515655446004
            #expect(abs(deviation - expected[step]) < 1e-9)
        }
    }

    @Test func wideningScalesSamplesAroundTheMean() {
        let samples: [Double] = [8, 9, 10, 11, 12]
        let distribution = PredictiveDistribution(mean: [10], spread: .samples([samples]))
        let sd = SeriesStatistics.standardDeviation(samples[...])
        let widened = distribution.widened(toAtLeast: [2 * sd])
        #expect(abs(widened.quantile(step: 0, 0) - 6) < 1e-12)
        #expect(abs(widened.quantile(step: 0, 1) - 14) < 1e-12)
        #expect(widened.mean == [10])
    }
}

extension MultiStepTests {
    @Test func autoConsidersOnlyDampedTrends() {
        let specs = AutoETSMultiStep.candidates(period: 12, positive: true)
        #expect(specs.count == 10)
        #expect(specs.allSatisfy { $0.trend != .additive })
        #expect(specs.contains { $0.trend == .damped && $0.season == .multiplicative })
    }
}

extension MultiStepTests {
    @Test func longSeriesThinTheOriginsButKeepTheCriterionClose() throws {
        // 60,000 points at horizon 10: 600,000 lead forecasts, over the budget, so every second origin is used.
        let series = (0..<60_000).map { t -> Double in Double(t % 3) + 0.001 * Double(t % 7) }
        let state = ETSState(level: series[0], trend: 0, seasonal: [0], nextPhase: 0)
        let thinned = try #require(FittedETS.multiStepError(
            series, spec: naiveSES.spec, parameters: naiveSES.parameters, initialState: state, horizon: 10, burnIn: 1, squared: false))
        // Oracle: naive from every origin t ≥ 1 forecasts y[t − 1] at all 10 leads.
        var total = 0.0
        var count = 0
        for t in 1...(series.count - 10) {
            for k in 0..<10 { total += abs(series[t + k] - series[t - 1]) }
            count += 10
        }
        #expect(abs(thinned - total / Double(count)) < 0.005)
    }
}
