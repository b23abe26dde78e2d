/// Small statistics over arrays used by the models.
enum SeriesStatistics {
    static func mean(_ values: ArraySlice<Double>) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// Sample standard deviation (n − 1 in the denominator).
    static func standardDeviation(_ values: ArraySlice<Double>) -> Double {
        guard values.count > 1 else { return 0 }
        let center = mean(values)
        let sum = values.reduce(0) { $0 + ($1 - center) * ($1 - center) }
        return (sum / Double(values.count - 1)).squareRoot()
    }

    /// Autocorrelations at lags 1…maxLag (the usual biased estimator, as `statsmodels.tsa.stattools.acf`).
    static func autocorrelations(_ values: [Double], maxLag: Int) -> [Double] {
        let n = values.count
        let center = mean(values[...])
        var denominator = 0.0
        for value in values { denominator += (value - center) * (value - center) }
        guard denominator > 0 else { return [Double](repeating: 0, count: maxLag) }
        return (1...maxLag).map { lag in
            var sum = 0.0
            for index in lag..<n { sum += (values[index] - center) * (values[index - lag] - center) }
            return sum / denominator
        }
    }

    /// Empirical quantile with linear interpolation between order statistics (numpy's default), of sorted values.
    static func quantile(sorted values: [Double], _ probability: Double) -> Double {
        let position = probability * Double(values.count - 1)
        let lowerIndex = Int(position.rounded(.down))
        let upperIndex = min(lowerIndex + 1, values.count - 1)
        let weight = position - Double(lowerIndex)
        return values[lowerIndex] + weight * (values[upperIndex] - values[lowerIndex])
    }

    /// Median of unsorted values.
    static func median(_ values: [Double]) -> Double {
        quantile(sorted: values.sorted(), 0.5)
    }
}
