/// A model's forecast for each future step: the mean and the distribution around it.
struct PredictiveDistribution: Sendable {
    enum Spread: Sendable {
        /// Normal with these standard deviations around the mean (analytic intervals).
        case normal(standardDeviations: [Double])
        /// Simulated future values per step, each sorted ascending.
        case samples([[Double]])
        /// Quantiles given directly on a probability grid (the ensemble's medians of members' quantiles).
        case quantiles(probabilities: [Double], values: [[Double]])
    }

    var mean: [Double]
    var spread: Spread

    var horizon: Int { mean.count }

    /// The `probability` quantile of step `step` (0-based).
    func quantile(step: Int, _ probability: Double) -> Double {
        switch spread {
        case .normal(let deviations):
            return mean[step] + deviations[step] * Normal.quantile(probability)
        case .samples(let samples):
            return SeriesStatistics.quantile(sorted: samples[step], probability)
        case .quantiles(let probabilities, let values):
            return Self.interpolate(probabilities, values[step], at: probability)
        }
    }

    /// Adds `offset[step]` to every value (used to put a decomposed season back).
    func shifted(by offset: [Double]) -> PredictiveDistribution {
        var result = self
        for step in mean.indices { result.mean[step] += offset[step] }
        switch spread {
        case .normal: break
        case .samples(var samples):
            for step in samples.indices { samples[step] = samples[step].map { $0 + offset[step] } }
            result.spread = .samples(samples)
        case .quantiles(let probabilities, var values):
            for step in values.indices { values[step] = values[step].map { $0 + offset[step] } }
            result.spread = .quantiles(probabilities: probabilities, values: values)
        }
        return result
    }

    /// Multiplies every value by `factor[step]` (used for a multiplicative decomposition).
    func scaled(by factor: [Double]) -> PredictiveDistribution {
        var result = self
        for step in mean.indices { result.mean[step] *= factor[step] }
        switch spread {
        case .normal(var deviations):
            for step in deviations.indices { deviations[step] *= abs(factor[step]) }
            result.spread = .normal(standardDeviations: deviations)
        case .samples(var samples):
            for step in samples.indices { samples[step] = samples[step].map { $0 * factor[step] }.sorted() }
            result.spread = .samples(samples)
        case .quantiles(let probabilities, var values):
            for step in values.indices { values[step] = values[step].map { $0 * factor[step] } }
            result.spread = .quantiles(probabilities: probabilities, values: values)
        }
        return result
    }

    private static func interpolate(_ grid: [Double], _ values: [Double], at probability: Double) -> Double {
        if probability <= grid[0] { return values[0] }
        for index in 1..<grid.count where probability <= grid[index] {
            let weight = (probability - grid[index - 1]) / (grid[index] - grid[index - 1])
            return values[index - 1] + weight * (values[index] - values[index - 1])
        }
        return values[values.count - 1]
    }
}

/// A fitted model ready to report: its name, parameters, forecast and the criterion that ranks it in its family.
struct ModelFit: Sendable {
    var name: String
    var parameters: [String: Double]
    var forecast: PredictiveDistribution
    /// Name and value of the in-family criterion (`AICc` for ETS, `MSE` for Theta), if any.
    var criterion: (name: String, value: Double)?
    /// How many candidates the family compared.
    var candidates: Int = 1
}
