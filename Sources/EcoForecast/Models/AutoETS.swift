/// Automatic ETS: fits every allowed model and keeps the lowest AICc, as forecast's `ets()` and
/// statsforecast's `AutoETS` do by default.
///
/// Allowed: error A or M; trend N, A or Ad; season N, A or M when the period is 2…24 and the series covers
/// more than one season. As in those libraries, multiplicative season with additive error is excluded, and
/// multiplicative components need strictly positive data.
enum AutoETS {
    static let maximumPeriod = 24

    static func candidates(period: Int, positive: Bool) -> [ETSSpec] {
        let seasons: [ETSSpec.Season] = period > 1 && period <= maximumPeriod ? [.none, .additive, .multiplicative] : [.none]
        var specs: [ETSSpec] = []
        for error in [ETSSpec.Error.additive, .multiplicative] where error == .additive || positive {
            for trend in [ETSSpec.Trend.none, .additive, .damped] {
                for season in seasons {
                    if season == .multiplicative && (error == .additive || !positive) { continue }
                    specs.append(ETSSpec(error: error, trend: trend, season: season, period: season == .none ? 1 : period))
                }
            }
        }
        return specs
    }

    /// Candidates refined with all initial states after the cheap first stage.
    static let shortlist = 4

    /// The lowest-AICc fit, or nil when no model could be fitted (too short).
    ///
    /// Every candidate first gets the cheap fit of its smoothing parameters; the `shortlist` best of those
    /// (by AICc) are then refined with their initial states, and the best refined model wins. Refinement only
    /// lowers a model's AICc, so a model left out could only win if refinement reordered the candidates by more
    /// than the gap to the shortlist; the reference tests compare the outcome with statsforecast's full search.
    static func fit(_ y: [Double], period: Int) -> (best: FittedETS, candidates: Int)? {
        let positive = y.allSatisfy { $0 > 0 }
        let screened = candidates(period: period, positive: positive).compactMap { spec in
            spec.fit(y, refine: false).map { (spec, $0.aicc) }
        }
        guard !screened.isEmpty else { return nil }
        var best: FittedETS?
        for (spec, _) in screened.sorted(by: { $0.1 < $1.1 }).prefix(shortlist) {
            guard let fit = spec.fit(y) else { continue }
            if best == nil || fit.aicc < best!.aicc { best = fit }
        }
        return best.map { ($0, screened.count) }
    }

    static func modelFit(_ y: [Double], period: Int, horizon: Int, seed: UInt64) -> ModelFit? {
        guard let (best, count) = fit(y, period: period) else { return nil }
        return ModelFit(
            name: best.spec.name, parameters: best.reportedParameters, forecast: best.forecast(horizon: horizon, seed: seed),
            criterion: ("AICc", best.aicc), candidates: count)
    }
}
