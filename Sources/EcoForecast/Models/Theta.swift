import Foundation

/// The Theta method in the state-space form of Fiorucci, Pellegrini, Louzada, Petropoulos & Koehler (2016),
/// "Models for optimising the theta method and their relationship to state space models", as in
/// statsforecast's `AutoTheta`: standard (STM, θ = 2) and optimised (OTM) theta, and their dynamic versions
/// (DSTM, DOTM) whose linear trend is re-estimated at every step.
///
/// Seasonal series (period ≥ 4, ACF test at 90 %) are deseasonalized first by classical multiplicative
/// decomposition (additive when the data are not positive), and the seasonal figure is put back after.
struct ThetaModel: Sendable {
    enum Variant: String, Sendable, CaseIterable {
        case standard = "STM", optimized = "OTM", dynamicStandard = "DSTM", dynamicOptimized = "DOTM"

        var isDynamic: Bool { self == .dynamicStandard || self == .dynamicOptimized }
        var optimizesTheta: Bool { self == .optimized || self == .dynamicOptimized }
    }

    var variant: Variant
    var initialLevel: Double
    var alpha: Double
    var theta: Double

    /// State after an observation: smoothed level, running mean, trend intercept A and slope B.
    struct State {
        var level: Double
        var meanY: Double
        var a: Double
        var b: Double
    }

    /// The one-step forecast μ for time `i` from the state after time i − 1.
    @inline(__always)
    func mu(_ state: State, at i: Int, decay: Double) -> Double {
        state.level + (1 - 1 / theta) * (state.a * decay + state.b * (1 - decay * (1 - alpha)) / alpha)
    }

    @inline(__always)
    func update(_ state: inout State, at i: Int, with y: Double) {
        let previousMean = state.meanY
        let previousB = state.b
        state.level = alpha * y + (1 - alpha) * state.level
        state.meanY = (Double(i) * previousMean + y) / Double(i + 1)
        if variant.isDynamic {
            state.b = (Double(i - 1) * previousB + 6 * (y - previousMean) / Double(i + 1)) / Double(i + 2)
            state.a = state.meanY - state.b * Double(i + 2) / 2
        }
    }

    /// Runs the recursions over `y`; returns the final state and the mean squared one-step error after the
    /// first three (statsforecast's burn-in).
    func run(_ y: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>?) -> (State, Double) {
        let n = y.count
        var state = State(level: alpha * y[0] + (1 - alpha) * initialLevel, meanY: y[0], a: y[0], b: 0)
        var firstMu = y[0]
        if !variant.isDynamic {
            var sumY = 0.0
            var sumTY = 0.0
            for t in 0..<n {
                sumY += y[t]
                sumTY += Double(t + 1) * y[t]
            }
            let count = Double(n)
            state.b = 6 * (2 * sumTY / count - (1 + count) * sumY / count) / (count * count - 1)
            state.a = sumY / count - (count + 1) * state.b / 2
            firstMu = initialLevel + (1 - 1 / theta) * (state.a + state.b)
        }
        residuals?[0] = y[0] - firstMu
        var decay = 1.0
        var sse = 0.0
        for i in 1..<n {
            decay *= 1 - alpha
            let error = y[i] - mu(state, at: i, decay: decay)
            residuals?[i] = error
            if i >= 3 { sse += error * error }
            update(&state, at: i, with: y[i])
        }
        return (state, sse / Double(max(n - 3, 1)))
    }

    /// Forecast paths: the mean recursion and simulated samples with N(0, σ²) errors (statsforecast's
    /// `compute_pi_samples`: the level follows each path, A and B stay at their last values).
    func forecast(_ y: [Double], horizon: Int, seed: UInt64, paths: Int = 1000) -> PredictiveDistribution {
        let n = y.count
        var residuals = [Double](repeating: 0, count: n)
        let (state, _) = y.withUnsafeBufferPointer { buffer in
            residuals.withUnsafeMutableBufferPointer { run(buffer, residuals: $0) }
        }
        var mean = [Double](repeating: 0, count: horizon)
        var pointState = state
        var decay = pow(1 - alpha, Double(n))
        for step in 0..<horizon {
            let value = mu(pointState, at: n + step, decay: decay)
            mean[step] = value
            update(&pointState, at: n + step, with: value)
            decay *= 1 - alpha
        }
        let sigma = SeriesStatistics.standardDeviation(residuals[min(3, n - 1)...])
        var generator = SeededGenerator(seed: seed)
        var samples = [[Double]](repeating: [Double](repeating: 0, count: paths), count: horizon)
        for path in 0..<paths {
            var level = state.level
            var pathDecay = pow(1 - alpha, Double(n))
            for step in 0..<horizon {
                let center = level + (1 - 1 / theta) * (state.a * pathDecay + state.b * (1 - pathDecay * (1 - alpha)) / alpha)
                let value = center + sigma * generator.nextNormal()
                samples[step][path] = value
                level = alpha * value + (1 - alpha) * level
                pathDecay *= 1 - alpha
            }
        }
        for step in 0..<horizon { samples[step].sort() }
        return PredictiveDistribution(mean: mean, spread: .samples(samples))
    }

    /// Fits the variant by Nelder–Mead on the one-step MSE (bounds as statsforecast: α in [0.1, 0.99], θ ≥ 1).
    static func fit(_ y: [Double], variant: Variant) -> (model: ThetaModel, mse: Double) {
        let scale = max(SeriesStatistics.standardDeviation(y[...]), 1e-8)
        var lower = [-1e10, 0.1]
        var upper = [1e10, 0.99]
        var start = [y[0] / 2, 0.5]
        var steps = [max(0.1 * abs(y[0]), scale), 0.1]
        if variant.optimizesTheta {
            lower.append(1)
            upper.append(1e10)
            start.append(2)
            steps.append(0.5)
        }
        let objective: ([Double]) -> Double = { x in
            let model = ThetaModel(variant: variant, initialLevel: x[0], alpha: x[1], theta: x.count > 2 ? x[2] : 2)
            let mse = y.withUnsafeBufferPointer { model.run($0, residuals: nil).1 }
            return mse.isFinite ? mse : .infinity
        }
        let optimizer = NelderMead(lower: lower, upper: upper, steps: steps, maxEvaluations: 1000, tolerance: 1e-8, restarts: 1)
        let (best, mse) = optimizer.minimize(from: start, objective)
        return (ThetaModel(variant: variant, initialLevel: best[0], alpha: best[1], theta: best.count > 2 ? best[2] : 2), mse)
    }
}

/// AutoTheta: the four variants on the (deseasonalized) series, the lowest in-sample MSE wins.
enum AutoTheta {
    static func modelFit(_ y: [Double], period: Int, horizon: Int, seed: UInt64, variants: [ThetaModel.Variant] = ThetaModel.Variant.allCases) -> ModelFit? {
        let n = y.count
        guard n > 3 else { return nil }
        var adjusted = y
        var seasonalFactors: [Double]?
        var seasonalOffsets: [Double]?
        if period >= 4 && n >= 2 * period && SeasonalityTest.isSeasonal(y, period: period) {
            var multiplicative = y.allSatisfy { $0 > 0 }
            var figure = ClassicalDecomposition.seasonalFigure(y[...], period: period, multiplicative: multiplicative)
            if multiplicative && figure.contains(where: { $0 < 0.01 }) {
                multiplicative = false
                figure = ClassicalDecomposition.seasonalFigure(y[...], period: period, multiplicative: false)
            }
            for t in 0..<n { adjusted[t] = multiplicative ? y[t] / figure[t % period] : y[t] - figure[t % period] }
            let future = (0..<horizon).map { figure[(n + $0) % period] }
            if multiplicative { seasonalFactors = future } else { seasonalOffsets = future }
        }
        guard !adjusted.allSatisfy({ $0 == adjusted[0] }) else { return nil }
        var best: (model: ThetaModel, mse: Double)?
        for variant in variants {
            let fit = ThetaModel.fit(adjusted, variant: variant)
            if best == nil || fit.mse < best!.mse { best = fit }
        }
        guard let (model, mse) = best else { return nil }
        var forecast = model.forecast(adjusted, horizon: horizon, seed: seed)
        if let factors = seasonalFactors { forecast = forecast.scaled(by: factors) }
        if let offsets = seasonalOffsets { forecast = forecast.shifted(by: offsets) }
        return ModelFit(
            name: "Theta(\(model.variant.rawValue))",
            parameters: ["alpha": model.alpha, "theta": model.theta, "initialLevel": model.initialLevel, "mse": mse],
            forecast: forecast, criterion: ("MSE", mse), candidates: variants.count)
    }
}
