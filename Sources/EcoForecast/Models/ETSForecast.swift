/// Point forecasts and prediction intervals of a fitted ETS model.
///
/// Linear (class 1) models use the analytic variance v_h = σ²(1 + Σ_{j<h} c_j²) with
/// c_j = α + β(φ + … + φ^j) + γ·[j mod m = 0] (Hyndman et al. 2008, §6.3); the others are simulated
/// with seeded normal errors, as forecast's `simulate.ets` does.
extension FittedETS {
    /// Number of simulated paths for the non-linear models.
    static let simulatedPaths = 2000

    func forecast(horizon: Int, seed: UInt64) -> PredictiveDistribution {
        let mean = pointForecast(horizon: horizon)
        if spec.isLinear {
            let p = parameters
            let m = max(spec.period, 1)
            var deviations = [Double](repeating: 0, count: horizon)
            var sumSquares = 0.0
            var phiSum = 0.0
            var phiPower = 1.0
            for step in 0..<horizon {
                deviations[step] = (sigma2 * (1 + sumSquares)).squareRoot()
                let j = step + 1
                phiPower *= spec.trend == .damped ? p.phi : 1
                phiSum += phiPower
                var c = p.alpha
                if spec.hasTrend { c += p.beta * phiSum }
                if spec.season != .none && j % m == 0 { c += p.gamma }
                sumSquares += c * c
            }
            return PredictiveDistribution(mean: mean, spread: .normal(standardDeviations: deviations))
        }
        return PredictiveDistribution(mean: mean, spread: .samples(simulate(horizon: horizon, seed: seed)))
    }

    /// ŷ_{n+h} = (ℓ + φ_h b) ∘ s, with φ_h = φ + … + φ^h (h for an undamped trend).
    func pointForecast(horizon: Int) -> [Double] {
        let state = finalState
        var result = [Double](repeating: 0, count: horizon)
        var phiSum = 0.0
        var phiPower = 1.0
        for step in 0..<horizon {
            phiPower *= spec.trend == .damped ? parameters.phi : 1
            phiSum += phiPower
            let q = state.level + (spec.hasTrend ? phiSum * state.trend : 0)
            switch spec.season {
            case .none: result[step] = q
            case .additive: result[step] = q + state.seasonal[(state.nextPhase + step) % spec.period]
            case .multiplicative: result[step] = q * state.seasonal[(state.nextPhase + step) % spec.period]
            }
        }
        return result
    }

    /// Future paths from the final state with N(0, σ²) errors; returns sorted samples per step.
    func simulate(horizon: Int, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        let sigma = sigma2.squareRoot()
        let p = parameters
        let phi = spec.hasTrend ? (spec.trend == .damped ? p.phi : 1) : 0
        let m = max(spec.period, 1)
        var samples = [[Double]](repeating: [Double](repeating: 0, count: Self.simulatedPaths), count: horizon)
        var seasonal = finalState.seasonal
        for path in 0..<Self.simulatedPaths {
            var level = finalState.level
            var trend = finalState.trend
            for phase in seasonal.indices { seasonal[phase] = finalState.seasonal[phase] }
            var phase = finalState.nextPhase
            for step in 0..<horizon {
                let phiB = phi * trend
                let q = level + phiB
                let s = spec.season == .none ? 0 : seasonal[phase]
                let forecast = spec.season == .none ? q : (spec.season == .additive ? q + s : q * s)
                let shock = sigma * generator.nextNormal()
                let y = spec.error == .additive ? forecast + shock : forecast * (1 + shock)
                samples[step][path] = y
                let deseasonalized = spec.season == .none ? y : (spec.season == .additive ? y - s : y / s)
                let newLevel = q + p.alpha * (deseasonalized - q)
                if spec.hasTrend { trend = phiB + p.beta / p.alpha * (newLevel - level - phiB) }
                level = newLevel
                if spec.season != .none {
                    let target = spec.season == .additive ? y - q : y / q
                    seasonal[phase] += p.gamma * (target - seasonal[phase])
                    phase = (phase + 1) % m
                }
            }
        }
        for step in 0..<horizon { samples[step].sort() }
        return samples
    }

    /// Reported parameters: smoothing weights, damping, σ and the information criterion.
    var reportedParameters: [String: Double] {
        var values = ["alpha": parameters.alpha, "sigma": sigma2.squareRoot(), "aicc": aicc, "loglik": -0.5 * likelihood]
        if spec.hasTrend { values["beta"] = parameters.beta }
        if spec.season != .none { values["gamma"] = parameters.gamma }
        if spec.trend == .damped { values["phi"] = parameters.phi }
        return values
    }
}
