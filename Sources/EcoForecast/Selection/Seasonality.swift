/// statsforecast's seasonality test: the autocorrelation at lag m exceeds 1.645 standard errors, the standard
/// error being √((1 + 2 Σ_{k<m} r_k²) / n) (Bartlett's formula; a 90 % two-sided test).
enum SeasonalityTest {
    static func isSeasonal(_ y: [Double], period m: Int) -> Bool {
        guard m >= 2, y.count >= 2 * m else { return false }
        let r = SeriesStatistics.autocorrelations(y, maxLag: m)
        var sum = 0.0
        for k in 0..<(m - 1) { sum += r[k] * r[k] }
        let standardError = ((1 + 2 * sum) / Double(y.count)).squareRoot()
        return abs(r[m - 1]) / standardError > 1.6448536269514722
    }
}

/// Which seasonal periods a series has and how each is handled.
struct SeasonalityPlan: Sendable, Equatable {
    var detected: [Int]
    /// Captured by the model itself (ETS season, Theta decomposition, seasonal naive); 1 for none.
    var modelPeriod: Int
    /// Removed by decomposition before fitting and added back after.
    var decomposed: [Int]
    var overridden: Bool

    var report: SeasonalityReport {
        SeasonalityReport(detected: detected, modelPeriod: modelPeriod, decomposed: decomposed, overridden: overridden)
    }

    /// Periods worth testing for data on `grid`: daily and weekly cycles of sub-daily data, weekly and yearly
    /// cycles of daily data, 52 for weekly, 12 for monthly and 4 for quarterly data.
    static func candidates(for grid: TimeGrid) -> [Int] {
        if let months = grid.months { return months == 1 ? [12] : (months == 3 ? [4] : []) }
        let hour: Int64 = 3_600_000
        let day = 24 * hour
        let step = grid.stepMs
        if step < day && day % step == 0 { return [Int(day / step), Int(7 * day / step)] }
        if step == day { return [7, 365] }
        if step == 7 * day { return [52] }
        return []
    }

    /// Detects periods (or takes `override`), keeps the shortest one up to `AutoETS.maximumPeriod` for the model
    /// and decomposes the longer ones.
    static func make(_ y: [Double], grid: TimeGrid, override: Int?) -> SeasonalityPlan {
        guard override == nil else {
            let period = override!
            let modelPeriod = period > 1 && period <= AutoETS.maximumPeriod ? period : 1
            let decomposed = period > AutoETS.maximumPeriod && y.count >= 2 * period ? [period] : []
            return SeasonalityPlan(detected: period > 1 ? [period] : [], modelPeriod: modelPeriod, decomposed: decomposed, overridden: true)
        }
        var detected: [Int] = []
        var modelPeriod = 1
        for candidate in candidates(for: grid) where y.count >= 2 * candidate {
            // A multiple of an accepted period shows the shorter cycle at its lag too, so it is tested on the
            // series with the shorter cycle's seasonal figure removed.
            var tested = y
            if modelPeriod > 1 && candidate % modelPeriod == 0 {
                let figure = ClassicalDecomposition.seasonalFigure(y[...], period: modelPeriod, multiplicative: false)
                for t in tested.indices { tested[t] -= figure[t % modelPeriod] }
            }
            guard SeasonalityTest.isSeasonal(tested, period: candidate) else { continue }
            detected.append(candidate)
            if modelPeriod == 1 && candidate <= AutoETS.maximumPeriod { modelPeriod = candidate }
        }
        let decomposed = detected.filter { $0 != modelPeriod }
        return SeasonalityPlan(detected: detected, modelPeriod: modelPeriod, decomposed: decomposed, overridden: false)
    }

    /// Removes the decomposed periods' seasonal figures (additively) from `y`; returns the adjusted series and
    /// the figures' values for the next `horizon` steps, to add back.
    ///
    /// Each figure is smoothed by a circular moving average over about a 52nd of its period, and when the model
    /// period divides it, its own model-period pattern is taken out so the model still sees that cycle.
    func adjust(_ y: [Double], horizon: Int) -> (adjusted: [Double], future: [Double]) {
        var adjusted = y
        var future = [Double](repeating: 0, count: horizon)
        let n = y.count
        for period in decomposed where n >= 2 * period {
            var figure = ClassicalDecomposition.seasonalFigure(adjusted[...], period: period, multiplicative: false)
            figure = Self.circularSmooth(figure, width: max(1, period / 52))
            if modelPeriod > 1 && period % modelPeriod == 0 {
                var phaseMeans = [Double](repeating: 0, count: modelPeriod)
                for phase in 0..<period { phaseMeans[phase % modelPeriod] += figure[phase] / Double(period / modelPeriod) }
                for phase in 0..<period { figure[phase] -= phaseMeans[phase % modelPeriod] }
            }
            for t in 0..<n { adjusted[t] -= figure[t % period] }
            for step in 0..<horizon { future[step] += figure[(n + step) % period] }
        }
        return (adjusted, future)
    }

    private static func circularSmooth(_ values: [Double], width: Int) -> [Double] {
        guard width > 1 else { return values }
        let m = values.count
        let half = width / 2
        return (0..<m).map { center in
            var sum = 0.0
            for offset in -half...half { sum += values[((center + offset) % m + m) % m] }
            return sum / Double(2 * half + 1)
        }
    }
}
