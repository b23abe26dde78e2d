/// In-sample multi-step accuracy of a fitted ETS model: a rolling-origin evaluation that keeps the fitted
/// parameters and filters the states through the data instead of refitting at each origin.
extension FittedETS {
    /// Mean absolute error of the forecasts 1…`horizon` steps ahead made from every origin whose whole horizon
    /// lies in `y`, skipping origins before `burnIn` (where the initial states still dominate); every k-th
    /// origin only when there are more than `leadBudget` forecasts to make.
    ///
    /// - Returns: nil when no origin has a complete horizon.
    func multiStepError(_ y: [Double], horizon: Int, burnIn: Int, squared: Bool = false) -> Double? {
        Self.multiStepError(y, spec: spec, parameters: parameters, initialState: initialState, horizon: horizon, burnIn: burnIn, squared: squared)
    }

    /// Most lead forecasts one criterion evaluation makes (origins are thinned beyond it).
    static let leadBudget = 500_000

    /// Root mean squared in-sample error at each lead 1…`horizon` (same origins as ``multiStepError``).
    func multiStepRMSE(_ y: [Double], horizon: Int, burnIn: Int) -> [Double]? {
        var squares = [Double](repeating: 0, count: horizon)
        let origins = squares.withUnsafeMutableBufferPointer { buffer in
            Self.scan(y, spec: spec, parameters: parameters, initialState: initialState, horizon: horizon, burnIn: burnIn, squared: true, byStep: buffer).origins
        }
        guard origins > 0 else { return nil }
        let result = squares.map { ($0 / Double(origins)).squareRoot() }
        return result.allSatisfy(\.isFinite) ? result : nil
    }

    static func multiStepError(
        _ y: [Double], spec: ETSSpec, parameters p: ETSParameters, initialState: ETSState, horizon: Int, burnIn: Int, squared: Bool
    ) -> Double? {
        let (total, origins) = scan(y, spec: spec, parameters: p, initialState: initialState, horizon: horizon, burnIn: burnIn, squared: squared, byStep: nil)
        return origins > 0 && total.isFinite ? total / Double(origins * horizon) : nil
    }

    /// Sum of absolute (or squared) errors over all origins and leads, the number of origins, and optionally
    /// the squared errors summed per lead into `byStep`.
    private static func scan(
        _ y: [Double], spec: ETSSpec, parameters p: ETSParameters, initialState: ETSState, horizon: Int, burnIn: Int, squared: Bool,
        byStep: UnsafeMutableBufferPointer<Double>?
    ) -> (total: Double, origins: Int) {
        let n = y.count
        let firstOrigin = max(burnIn, 0)
        guard n - horizon >= firstOrigin, horizon >= 1 else { return (0, 0) }
        var state = initialState
        let phi = spec.hasTrend ? (spec.trend == .damped ? p.phi : 1) : 0
        let m = max(spec.period, 1)
        // phiSums[k] = φ + … + φ^(k+1): the trend multiplier of the (k+1)-step forecast.
        var phiSums = [Double](repeating: 0, count: horizon)
        var power = 1.0
        var sum = 0.0
        for k in 0..<horizon {
            power *= spec.hasTrend ? phi : 0
            sum += power
            phiSums[k] = sum
        }
        // Long series with long horizons use every k-th origin, so one evaluation costs at most about
        // `leadBudget` forecasts (the benchmark's series, ≤ 1,400 points × 48 leads, use every origin).
        let origins = n - horizon - firstOrigin + 1
        let stride = max(1, (origins * horizon + Self.leadBudget - 1) / Self.leadBudget)
        var total = 0.0
        var count = 0
        for t in 0..<n {
            if t >= firstOrigin && t + horizon <= n && (t - firstOrigin) % stride == 0 {
                for k in 0..<horizon {
                    let q = state.level + phiSums[k] * state.trend
                    let forecast: Double
                    switch spec.season {
                    case .none: forecast = q
                    case .additive: forecast = q + state.seasonal[(state.nextPhase + k) % m]
                    case .multiplicative: forecast = q * state.seasonal[(state.nextPhase + k) % m]
                    }
                    let error = y[t + k] - forecast
                    total += squared ? error * error : abs(error)
                    byStep?[k] += error * error
                }
                count += 1
            }
            state.advance(with: y[t], spec: spec, parameters: p)
        }
        return (total, count)
    }

    /// Re-estimates the smoothing parameters (α, β, γ, φ) by the in-sample mean squared error of the forecasts
    /// 1…`horizon` steps ahead (forecast's `opt.crit = "amse"`), keeping the initial states of this fit.
    func multiStepRefit(_ y: [Double], horizon: Int, burnIn: Int) -> FittedETS? {
        let spec = self.spec
        let m = max(spec.period, 1)
        let start = parameters
        // The packing of ETSSpec.fit: α, β/α, γ/(1 − α), φ, each present when the model has it.
        var lower = [1e-4], upper = [0.9999], x0 = [start.alpha], steps = [0.05]
        if spec.hasTrend { lower.append(1e-4); upper.append(0.9999); x0.append(min(max(start.beta / start.alpha, 1e-4), 0.9999)); steps.append(0.05) }
        if spec.season != .none { lower.append(1e-4); upper.append(0.9999); x0.append(min(max(start.gamma / (1 - start.alpha), 1e-4), 0.9999)); steps.append(0.05) }
        if spec.trend == .damped { lower.append(0.8); upper.append(0.98); x0.append(start.phi); steps.append(0.03) }
        var scratch = [Double](repeating: 0, count: 2 * (m + 2))
        let initial = initialState
        let objective: ([Double]) -> Double = { x in
            let p = spec.parameters(x)
            if spec.season != .none {
                let admissible = scratch.withUnsafeMutableBufferPointer { p.isAdmissibleSeasonal(period: spec.period, scratch: $0) }
                guard admissible else { return .infinity }
            }
            return Self.multiStepError(y, spec: spec, parameters: p, initialState: initial, horizon: horizon, burnIn: burnIn, squared: true) ?? .infinity
        }
        let optimizer = NelderMead(lower: lower, upper: upper, steps: steps, maxEvaluations: 60 * x0.count, tolerance: 1e-6, restarts: 0)
        let (best, value) = optimizer.minimize(from: x0, objective)
        guard value.isFinite else { return nil }
        return spec.refilter(y, parameters: spec.parameters(best), initialState: initial)
    }
}

extension ETSSpec {
    /// The fit with these parameters and initial states: runs the likelihood recursion for σ², the criterion and the final state.
    func refilter(_ y: [Double], parameters p: ETSParameters, initialState: ETSState) -> FittedETS? {
        var seasonal = initialState.seasonal
        var sse = 0.0
        var final = (0.0, 0.0, 0)
        let value = y.withUnsafeBufferPointer { buffer in
            seasonal.withUnsafeMutableBufferPointer {
                likelihood(buffer, p, level: initialState.level, trend: initialState.trend, seasonal: $0, sse: &sse, final: &final)
            }
        }
        guard value.isFinite else { return nil }
        let k = Double(parameterCount + 1)
        let count = Double(y.count)
        guard count - k - 1 > 0 else { return nil }
        return FittedETS(
            spec: self, parameters: p, finalState: ETSState(level: final.0, trend: final.1, seasonal: seasonal, nextPhase: final.2),
            initialState: initialState, sigma2: sse / (count - k), likelihood: value,
            aicc: value + 2 * k + 2 * k * (k + 1) / (count - k - 1), observations: y.count)
    }
}

extension ETSState {
    /// The state-space update after observing `y` (error-correction form, as in the likelihood recursion).
    mutating func advance(with y: Double, spec: ETSSpec, parameters p: ETSParameters) {
        let phiB = spec.hasTrend ? (spec.trend == .damped ? p.phi : 1) * trend : 0
        let q = level + phiB
        var deseasonalized = y
        var seasonalTarget = 0.0
        switch spec.season {
        case .none: break
        case .additive:
            deseasonalized = y - seasonal[nextPhase]
            seasonalTarget = y - q
        case .multiplicative:
            deseasonalized = y / seasonal[nextPhase]
            seasonalTarget = y / q
        }
        let newLevel = q + p.alpha * (deseasonalized - q)
        if spec.hasTrend { trend = phiB + p.beta / p.alpha * (newLevel - level - phiB) }
        level = newLevel
        if spec.season != .none {
            seasonal[nextPhase] += p.gamma * (seasonalTarget - seasonal[nextPhase])
            nextPhase = (nextPhase + 1) % spec.period
        }
    }
}
