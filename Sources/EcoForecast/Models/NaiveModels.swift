/// The benchmark models: naive, seasonal naive and naive with drift, with the analytic intervals of
/// Hyndman & Athanasopoulos, *Forecasting: Principles and Practice* (3rd ed.), §5.5, Table 5.2.
enum NaiveModels {
    /// Last value; h-step standard deviation σ√h, σ the RMS of one-step differences.
    static func naive(_ y: [Double], horizon: Int) -> ModelFit {
        seasonalNaive(y, period: 1, horizon: horizon, name: "Naive")
    }

    /// The value one period earlier; σ√(k + 1) with k the number of whole periods before step h.
    static func seasonalNaive(_ y: [Double], period: Int, horizon: Int, name: String = "SeasonalNaive") -> ModelFit {
        let n = y.count
        let m = min(max(period, 1), n)
        var sumSquares = 0.0
        for index in m..<n { sumSquares += (y[index] - y[index - m]) * (y[index] - y[index - m]) }
        let sigma = n > m ? (sumSquares / Double(n - m)).squareRoot() : 0
        var mean = [Double](repeating: 0, count: horizon)
        var deviations = mean
        for step in 0..<horizon {
            mean[step] = y[n - m + step % m]
            deviations[step] = sigma * Double(step / m + 1).squareRoot()
        }
        let parameters = ["sigma": sigma, "period": Double(m)]
        return ModelFit(
            name: m > 1 ? name : "Naive", parameters: parameters,
            forecast: PredictiveDistribution(mean: mean, spread: .normal(standardDeviations: deviations)))
    }

    /// The line through the first and last values; σ√(h(1 + h/(n − 1))), σ from the differences around the drift.
    static func drift(_ y: [Double], horizon: Int) -> ModelFit {
        let n = y.count
        guard n > 1 else { return naive(y, horizon: horizon) }
        let slope = (y[n - 1] - y[0]) / Double(n - 1)
        var sumSquares = 0.0
        for index in 1..<n {
            let residual = y[index] - y[index - 1] - slope
            sumSquares += residual * residual
        }
        let sigma = n > 2 ? (sumSquares / Double(n - 2)).squareRoot() : 0
        var mean = [Double](repeating: 0, count: horizon)
        var deviations = mean
        for step in 0..<horizon {
            let h = Double(step + 1)
            mean[step] = y[n - 1] + slope * h
            deviations[step] = sigma * (h * (1 + h / Double(n - 1))).squareRoot()
        }
        return ModelFit(
            name: "Drift", parameters: ["drift": slope, "sigma": sigma],
            forecast: PredictiveDistribution(mean: mean, spread: .normal(standardDeviations: deviations)))
    }
}
