/// The combination forecast: per step and per quantile, the median of the members' values.
enum Ensemble {
    /// Probabilities on which the members' quantiles are combined (requested ones are added by the caller).
    static let baseProbabilities: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995]

    static func combine(_ members: [ModelFit], extraProbabilities: [Double]) -> ModelFit {
        let probabilities = Array(Set(baseProbabilities + extraProbabilities)).sorted()
        let horizon = members[0].forecast.horizon
        var mean = [Double](repeating: 0, count: horizon)
        var values = [[Double]](repeating: [], count: horizon)
        for step in 0..<horizon {
            mean[step] = SeriesStatistics.median(members.map { $0.forecast.mean[step] })
            var column = probabilities.map { p in SeriesStatistics.median(members.map { $0.forecast.quantile(step: step, p) }) }
            // Medians of monotone sequences stay monotone, but guard against ties from interpolation.
            for index in 1..<column.count where column[index] < column[index - 1] { column[index] = column[index - 1] }
            values[step] = column
        }
        let name = "Ensemble(median of " + members.map(\.name).joined(separator: ", ") + ")"
        return ModelFit(
            name: name, parameters: ["members": Double(members.count)],
            forecast: PredictiveDistribution(mean: mean, spread: .quantiles(probabilities: probabilities, values: values)),
            criterion: nil, candidates: members.count)
    }
}
