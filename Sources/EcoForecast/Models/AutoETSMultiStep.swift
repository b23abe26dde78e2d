/// The automatic model (`--model auto`): ETS chosen, estimated and calibrated for the requested horizon.
///
/// AutoETS picks by AICc, a one-step criterion. On smooth series whose one-step errors are autocorrelated (hourly
/// temperatures, for example) maximum likelihood drives α and γ up: tiny one-step errors, poor forecasts a day
/// ahead. Here every step looks `horizon` steps ahead instead:
///
/// 1. Selection: every allowed ETS model gets the cheap fit of its smoothing parameters (AutoETS's first stage),
///    and is scored by its in-sample multi-step MAE — the forecasts 1…h steps ahead from every origin after a
///    burn-in, with the fitted parameters and filtered states (a rolling-origin evaluation without refitting).
///    Trends are damped only: a linear trend extrapolated h steps is the riskiest choice out of sample, and the
///    damped trend is the robust default of the forecasting literature (Gardner & McKenzie 1985; Fildes et al. 2008).
/// 2. Estimation: the winner gets the full maximum-likelihood fit, then its smoothing parameters are
///    re-estimated on the mean squared 1…h-step error (forecast's `opt.crit = "amse"`), which shrinks them
///    (Kourentzes, Trapero & Barrow 2020).
/// 3. Intervals: each lead's spread is widened, if needed, to the RMS of the in-sample errors at that lead.
enum AutoETSMultiStep {
    /// Origins skipped at the start, where the heuristic initial states dominate: two seasons, at least 10 points,
    /// at most half the series.
    static func burnIn(count n: Int, period: Int) -> Int { min(max(2 * period, 10), n / 2) }

    /// The chosen fit, the number of candidates scored and its multi-step MAE; nil when the series is too short
    /// for a complete horizon after the burn-in (callers fall back to AutoETS).
    static func fit(_ y: [Double], period: Int, horizon: Int) -> (best: FittedETS, candidates: Int, score: Double)? {
        let burnIn = burnIn(count: y.count, period: period)
        let positive = y.allSatisfy { $0 > 0 }
        var scored = 0
        var winner: (spec: ETSSpec, score: Double)?
        for spec in candidates(period: period, positive: positive) {
            guard let cheap = spec.fit(y, refine: false), let score = cheap.multiStepError(y, horizon: horizon, burnIn: burnIn) else { continue }
            scored += 1
            if winner == nil || score < winner!.score { winner = (spec, score) }
        }
        guard let winner, let likelihoodFit = winner.spec.fit(y) else { return nil }
        let best = likelihoodFit.multiStepRefit(y, horizon: horizon, burnIn: burnIn) ?? likelihoodFit
        let score = best.multiStepError(y, horizon: horizon, burnIn: burnIn) ?? winner.score
        return (best, scored, score)
    }

    /// AutoETS's candidates without the undamped trend.
    static func candidates(period: Int, positive: Bool) -> [ETSSpec] {
        AutoETS.candidates(period: period, positive: positive).filter { $0.trend != .additive }
    }

    static func modelFit(_ y: [Double], period: Int, horizon: Int, seed: UInt64) -> ModelFit? {
        guard let (best, count, score) = fit(y, period: period, horizon: horizon) else { return nil }
        var forecast = best.forecast(horizon: horizon, seed: seed)
        if let floor = best.multiStepRMSE(y, horizon: horizon, burnIn: burnIn(count: y.count, period: period)) {
            forecast = forecast.widened(toAtLeast: floor)
        }
        return ModelFit(
            name: best.spec.name, parameters: best.reportedParameters, forecast: forecast,
            criterion: ("\(horizon)-step MAE", score), candidates: count)
    }
}
