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

    /// Widens each step's spread around its mean so that its standard deviation is at least `floor[step]`
    /// (never narrows; the shape is kept). Used to make intervals at least as wide as the errors the model made
    /// in-sample at that lead.
    func widened(toAtLeast floor: [Double]) -> PredictiveDistribution {
        var result = self
        func factor(_ step: Int, current: Double) -> Double {
            current > 0 && floor[step] > current ? floor[step] / current : 1
        }
        switch spread {
        case .normal(var deviations):
            for step in deviations.indices { deviations[step] = max(deviations[step], floor[step]) }
            result.spread = .normal(standardDeviations: deviations)
        case .samples(var samples):
            for step in samples.indices {
                let center = mean[step]
                let f = factor(step, current: SeriesStatistics.standardDeviation(samples[step][...]))
                if f > 1 { samples[step] = samples[step].map { center + f * ($0 - center) } }
            }
            result.spread = .samples(samples)
        case .quantiles(let probabilities, var values):
            for step in values.indices {
                let center = mean[step]
                // The 10–90 % range of a normal distribution is 2.563 standard deviations.
                let f = factor(step, current: (quantile(step: step, 0.9) - quantile(step: step, 0.1)) / 2.5631031310892007)
                if f > 1 { values[step] = values[step].map { center + f * ($0 - center) } }
            }
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
