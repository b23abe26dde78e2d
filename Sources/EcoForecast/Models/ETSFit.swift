import Foundation

/// An ETS model fitted by maximum likelihood.
struct FittedETS: Sendable {
    var spec: ETSSpec
    var parameters: ETSParameters
    var finalState: ETSState
    /// The fitted initial states (before the first observation).
    var initialState: ETSState
    /// Variance of the one-step errors (relative errors for multiplicative error), SSE / (n − k).
    var sigma2: Double
    /// −2 log-likelihood up to a constant: n·log(SSE) + 2·Σ log|ŷ| (forecast/statsforecast's `lik`).
    var likelihood: Double
    var aicc: Double
    var observations: Int
}

extension ETSSpec {
    /// Bounds of forecast's "usual" region, with β ≤ α and γ ≤ 1 − α enforced by fitting β/α and γ/(1 − α).
    private static let smoothingBounds = (lower: 1e-4, upper: 0.9999)
    private static let dampingBounds = (lower: 0.8, upper: 0.98)

    /// Fits the model to `y` by Nelder–Mead on the likelihood, from forecast's starting values; nil when the
    /// series is too short for the model or no admissible fit exists.
    ///
    /// With `refine == false` only the smoothing parameters are optimised (stage 1 below), the initial states
    /// staying at their heuristic values: a cheap upper bound of the refined criterion, used by AutoETS to
    /// shortlist candidates.
    func fit(_ y: [Double], maxEvaluations: Int = 1000, refine: Bool = true) -> FittedETS? {
        let n = y.count
        guard n > parameterCount + 3, season == .none || n >= period + 2 else { return nil }
        if error == .multiplicative || season == .multiplicative {
            guard y.allSatisfy({ $0 > 0 }) else { return nil }
        }
        guard let initial = initialStates(y) else { return nil }
        let m = max(period, 1)

        // Packed vector: alpha, beta/alpha, gamma/(1-alpha), phi, level, trend, seasonal phases 1..m-1.
        var start: [Double] = [Self.smoothingBounds.lower + 0.2 * (Self.smoothingBounds.upper - Self.smoothingBounds.lower) / Double(m)]
        var lower = [Self.smoothingBounds.lower]
        var upper = [Self.smoothingBounds.upper]
        var steps = [0.1]
        let scale = max(SeriesStatistics.standardDeviation(y[...]), 1e-8 * max(abs(y[0]), 1))
        func add(_ value: Double, _ low: Double, _ high: Double, _ step: Double) {
            start.append(value)
            lower.append(low)
            upper.append(high)
            steps.append(step)
        }
        if hasTrend { add(0.1, Self.smoothingBounds.lower, Self.smoothingBounds.upper, 0.1) }
        if season != .none { add(0.05, Self.smoothingBounds.lower, Self.smoothingBounds.upper, 0.1) }
        if trend == .damped { add(0.978, Self.dampingBounds.lower, Self.dampingBounds.upper, 0.05) }
        add(initial.level, -.infinity, .infinity, 0.1 * scale)
        if hasTrend { add(initial.trend, -.infinity, .infinity, 0.1 * scale / Double(min(n, 10))) }
        if season != .none {
            let seasonalStep = season == .multiplicative ? 0.02 : 0.1 * scale
            for phase in 1..<m { add(initial.seasonal[phase], season == .multiplicative ? 1e-3 : -.infinity, .infinity, seasonalStep) }
        }

        var seasonalScratch = [Double](repeating: 0, count: m)
        var polynomialScratch = [Double](repeating: 0, count: 2 * (m + 2))
        var sse = 0.0
        var final = (0.0, 0.0, 0)
        let objective: ([Double]) -> Double = { x in
            y.withUnsafeBufferPointer { buffer in
                seasonalScratch.withUnsafeMutableBufferPointer { seasonal in
                    guard self.unpack(x, into: seasonal) else { return .infinity }
                    let parameters = self.parameters(x)
                    if self.season != .none {
                        let admissible = polynomialScratch.withUnsafeMutableBufferPointer {
                            parameters.isAdmissibleSeasonal(period: self.period, scratch: $0)
                        }
                        guard admissible else { return .infinity }
                    }
                    let value = self.likelihood(
                        buffer, parameters, level: x[self.levelIndex], trend: self.hasTrend ? x[self.levelIndex + 1] : 0,
                        seasonal: seasonal, sse: &sse, final: &final)
                    return value.isNaN ? .infinity : value
                }
            }
        }
        // Stage 1 fits the smoothing parameters with the heuristic initial states; stage 2 refines everything
        // from there. Starting the full search near the optimum saves most of the evaluations of a cold start.
        let smoothingCount = levelIndex
        var full = start
        let smoothingOptimizer = NelderMead(
            lower: Array(lower[..<smoothingCount]), upper: Array(upper[..<smoothingCount]), steps: Array(steps[..<smoothingCount]),
            maxEvaluations: 100 * smoothingCount, tolerance: 1e-6, restarts: 0)
        let (smoothing, _) = smoothingOptimizer.minimize(from: Array(start[..<smoothingCount])) { partial in
            for index in 0..<smoothingCount { full[index] = partial[index] }
            return objective(full)
        }
        for index in 0..<smoothingCount { full[index] = smoothing[index] }
        let best: [Double]
        let value: Double
        if refine {
            let optimizer = NelderMead(lower: lower, upper: upper, steps: steps, maxEvaluations: maxEvaluations, tolerance: 1e-7, restarts: 1)
            (best, value) = optimizer.minimize(from: full, objective)
        } else {
            best = full
            value = objective(full)
        }
        guard value.isFinite else { return nil }
        _ = objective(best)
        let k = Double(parameterCount + 1)
        let count = Double(n)
        guard count - k - 1 > 0 else { return nil }
        let aicc = value + 2 * k + 2 * k * (k + 1) / (count - k - 1)
        let state = ETSState(level: final.0, trend: final.1, seasonal: seasonalScratch, nextPhase: final.2)
        var initialSeasonal = [Double](repeating: 0, count: m)
        _ = initialSeasonal.withUnsafeMutableBufferPointer { unpack(best, into: $0) }
        let initialState = ETSState(
            level: best[levelIndex], trend: hasTrend ? best[levelIndex + 1] : 0, seasonal: initialSeasonal, nextPhase: 0)
        return FittedETS(
            spec: self, parameters: parameters(best), finalState: state, initialState: initialState, sigma2: sse / (count - k), likelihood: value,
            aicc: aicc, observations: n)
    }

    private var levelIndex: Int { 1 + (hasTrend ? 1 : 0) + (season == .none ? 0 : 1) + (trend == .damped ? 1 : 0) }

    /// Smoothing parameters from the packed vector (its first entries: α, β/α, γ/(1 − α), φ as the model has them).
    func parameters(_ x: [Double]) -> ETSParameters {
        let alpha = x[0]
        var index = 1
        var beta = 0.0
        var gamma = 0.0
        var phi = 1.0
        if hasTrend {
            beta = alpha * x[index]
            index += 1
        }
        if season != .none {
            gamma = (1 - alpha) * x[index]
            index += 1
        }
        if trend == .damped { phi = x[index] }
        return ETSParameters(alpha: alpha, beta: beta, gamma: gamma, phi: phi)
    }

    /// Writes the initial seasonal values by phase; phase 0 makes them sum to 0 (additive) or `period` (multiplicative).
    private func unpack(_ x: [Double], into seasonal: UnsafeMutableBufferPointer<Double>) -> Bool {
        guard season != .none else { return true }
        let first = levelIndex + (hasTrend ? 2 : 1)
        var sum = 0.0
        for phase in 1..<period {
            seasonal[phase] = x[first + phase - 1]
            sum += seasonal[phase]
        }
        seasonal[0] = season == .additive ? -sum : Double(period) - sum
        return season == .additive || seasonal[0] > 1e-3
    }

    /// forecast's `initstate`: a decomposition of the first three seasons (or a Fourier regression when shorter)
    /// gives the seasonal states; a regression on the first max(10, 2m) deseasonalized points gives level and trend.
    func initialStates(_ y: [Double]) -> (level: Double, trend: Double, seasonal: [Double])? {
        let n = y.count
        var seasonal: [Double] = []
        var adjusted = y
        if season != .none {
            let m = period
            let multiplicative = season == .multiplicative
            var figure: [Double]
            if n >= 3 * m {
                figure = ClassicalDecomposition.seasonalFigure(y[0..<(3 * m)], period: m, multiplicative: multiplicative)
            } else {
                let rows = (0..<n).map { t -> [Double] in
                    let angle = 2 * Double.pi * Double(t + 1) / Double(m)
                    return [1, Double(t + 1), sin(angle), cos(angle)]
                }
                guard let beta = LeastSquares.solve(rows: rows, y: y) else { return nil }
                figure = (0..<m).map { phase in
                    let fitted = beta[0] + beta[1] * Double(phase + 1)
                    return multiplicative ? y[phase] / fitted : y[phase] - fitted
                }
            }
            if multiplicative {
                figure = figure.map { max($0, 1e-2) }
                let total = figure.reduce(0, +)
                if total > Double(m) { figure = figure.map { $0 / (total + 1e-2 * Double(m)) * Double(m) } }
            }
            seasonal = figure
            for t in 0..<n { adjusted[t] = multiplicative ? y[t] / max(figure[t % m], 1e-2) : y[t] - figure[t % m] }
        }
        let count = min(max(10, 2 * period), n)
        if !hasTrend { return (SeriesStatistics.mean(adjusted[0..<count]), 0, seasonal) }
        let rows = (0..<count).map { [1.0, Double($0 + 1)] }
        guard let line = LeastSquares.solve(rows: rows, y: Array(adjusted[0..<count])) else { return nil }
        var level = line[0]
        var trend = line[1]
        if abs(level + trend) < 1e-8 {
            level *= 1 + 1e-3
            trend *= 1 - 1e-3
        }
        return (level, trend, seasonal)
    }
}
