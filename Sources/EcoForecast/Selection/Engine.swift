/// Fits the requested model family on a prepared series, with the seasonality plan applied, and turns
/// predictive distributions into reported steps.
struct Engine: Sendable {
    var options: ForecastOptions
    var plan: SeasonalityPlan

    /// Levels reported in backtests: 80 (p10–p90) and the requested ones.
    var coverageLevels: [Double] { Array(Set([80] + options.levels)).sorted() }

    /// Shortest training part a backtest window may use.
    var minimumTraining: Int { max(2 * plan.modelPeriod + 2, 12) }

    /// Picks and fits the model and backtests it when `options.backtestWindows > 0`.
    func choose(_ y: [Double]) -> (ModelFit, ModelSelection, BacktestReport?) {
        let horizon = options.horizon
        if y.count < 4 || y.allSatisfy({ $0 == y[0] }) {
            let fit = NaiveModels.naive(y, horizon: horizon)
            let reason = y.count < 4 ? "Only \(y.count) points: the last value is carried forward." : "All values are equal: the forecast is that value."
            return (fit, ModelSelection(criterion: "fallback", score: nil, explanation: reason), nil)
        }
        let choice = options.model
        let fit = fitFamily(choice, y, horizon: horizon)
        let selection: ModelSelection
        if choice == .ensemble {
            selection = ModelSelection(
                criterion: "ensemble", score: nil,
                explanation: "Median of \(fit.candidates) members, each chosen within its family (ETS by AICc, Theta by MSE).")
        } else if choice == .auto, let criterion = fit.criterion, criterion.name.hasSuffix("-step MAE") {
            selection = ModelSelection(
                criterion: criterion.name, score: criterion.value,
                explanation: "Lowest in-sample \(criterion.name) (\(rounded(criterion.value))) of \(fit.candidates) ETS candidates; "
                    + "smoothing parameters re-estimated on the 1…\(horizon)-step squared error; "
                    + "intervals at least as wide as the in-sample errors at each lead.")
        } else if let criterion = fit.criterion {
            selection = ModelSelection(
                criterion: criterion.name, score: criterion.value,
                explanation: "Lowest \(criterion.name) (\(rounded(criterion.value))) of \(fit.candidates) candidates.")
        } else {
            selection = ModelSelection(criterion: "requested", score: nil, explanation: "\(fit.name) was requested.")
        }
        let report = options.backtestWindows > 0 ? backtest(y, choice: choice, windows: options.backtestWindows) : nil
        return (fit, selection, report)
    }

    /// Fits one family on `y` (decomposed periods removed and put back), falling back to simpler models when
    /// the series is too short: ETS → Theta → naive.
    func fitFamily(_ choice: ForecastModelChoice, _ y: [Double], horizon: Int) -> ModelFit {
        let (adjusted, future) = plan.adjust(y, horizon: horizon)
        let period = plan.modelPeriod
        let seed = options.seed
        var fit: ModelFit?
        switch choice {
        case .auto:
            fit = AutoETSMultiStep.modelFit(adjusted, period: period, horizon: horizon, seed: seed)
                ?? AutoETS.modelFit(adjusted, period: period, horizon: horizon, seed: seed)
        case .ets: fit = AutoETS.modelFit(adjusted, period: period, horizon: horizon, seed: seed)
        case .theta: fit = AutoTheta.modelFit(adjusted, period: period, horizon: horizon, seed: seed)
        case .snaive: fit = NaiveModels.seasonalNaive(adjusted, period: period, horizon: horizon)
        case .naive: fit = NaiveModels.naive(adjusted, horizon: horizon)
        case .drift: fit = NaiveModels.drift(adjusted, horizon: horizon)
        case .ensemble:
            var members = [
                AutoETS.modelFit(adjusted, period: period, horizon: horizon, seed: seed),
                AutoTheta.modelFit(adjusted, period: period, horizon: horizon, seed: seed),
            ].compactMap { $0 }
            members.append(
                period > 1 ? NaiveModels.seasonalNaive(adjusted, period: period, horizon: horizon) : NaiveModels.drift(adjusted, horizon: horizon))
            fit = members.count > 1 ? Ensemble.combine(members, extraProbabilities: probabilities) : members[0]
        }
        if fit == nil { fit = AutoTheta.modelFit(adjusted, period: period, horizon: horizon, seed: seed) }
        var result = fit ?? NaiveModels.naive(adjusted, horizon: horizon)
        if !plan.decomposed.isEmpty { result.forecast = result.forecast.shifted(by: future) }
        return result
    }

    /// Rolling-origin evaluation over up to `windows` non-overlapping windows of `horizon` points at the end.
    func backtest(_ y: [Double], choice: ForecastModelChoice, windows: Int) -> BacktestReport? {
        let horizon = options.horizon
        let usable = min(windows, (y.count - minimumTraining) / horizon)
        guard usable >= 1 else { return nil }
        var accumulator = BacktestAccumulator(levels: coverageLevels)
        for window in 0..<usable {
            let origin = y.count - horizon * (usable - window)
            let training = Array(y[0..<origin])
            let fit = fitFamily(choice, training, horizon: horizon)
            let steps = steps(fit.forecast, times: [Int64](repeating: 0, count: horizon), levels: coverageLevels)
            accumulator.add(actual: y[origin..<(origin + horizon)], steps: steps, training: training, period: plan.modelPeriod)
        }
        return accumulator.report
    }

    /// Probabilities the reported quantiles need.
    var probabilities: [Double] {
        var result: [Double] = [0.1, 0.5, 0.9]
        for level in options.levels {
            let tail: Double = (1 - level / 100) / 2
            result.append(tail)
            result.append(1 - tail)
        }
        return result
    }

    /// Reported steps, clipped to the valid range.
    func steps(_ forecast: PredictiveDistribution, times: [Int64], levels: [Double]? = nil) -> [ForecastStep] {
        let levels = levels ?? options.levels
        return times.enumerated().map { step, time in
            let intervals = levels.map { level in
                let tail = (1 - level / 100) / 2
                return PredictionInterval(
                    level: level, lower: clip(forecast.quantile(step: step, tail)), upper: clip(forecast.quantile(step: step, 1 - tail)))
            }
            return ForecastStep(
                timeMs: time, mean: clip(forecast.mean[step]), p10: clip(forecast.quantile(step: step, 0.1)),
                p50: clip(forecast.quantile(step: step, 0.5)), p90: clip(forecast.quantile(step: step, 0.9)), intervals: intervals)
        }
    }

    private func clip(_ value: Double) -> Double {
        guard let range = options.validRange else { return value }
        return min(max(value, range.lowerBound), range.upperBound)
    }

    private func rounded(_ value: Double) -> String {
        String((value * 1000).rounded() / 1000)
    }
}
