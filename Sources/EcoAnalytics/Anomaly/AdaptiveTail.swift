import Foundation

/// The upper tail of one non-negative statistic of one series, learned by peaks over threshold (EVT):
/// the threshold u tracks the statistic's 99th percentile (stochastic approximation, Robbins & Monro 1951),
/// and the excess beyond it follows a generalised Pareto distribution fitted by the method of moments on
/// exponentially weighted moments of the excesses (Pickands 1975; Hosking & Wallis 1987; streaming use after
/// Siffer et al. 2017, "Anomaly detection in streams with extreme value theory").
///
/// `logarithmic` tails measure the excess as ln(x/u): residuals of heavy-tailed series (a counter that is
/// mostly 0, a CPU that spikes every few hours) reach thousands of robust σ as a habit, and in log space a
/// few of them teach the tail. The shape ξ is kept within ±0.3 so a short history can neither promise that
/// large values are impossible nor that they are common.
struct AdaptiveTail: Codable, Sendable, Equatable {
    /// Share of points above the threshold u.
    static let exceedanceShare = 0.01
    /// Memory of the excess moments, in exceedances (a running mean over the first ones).
    static let excessMemory = 100.0
    static let priorExceedances = 10.0

    var logarithmic: Bool
    /// The threshold u (its logarithm for logarithmic tails).
    var threshold: Double
    /// Exponentially weighted E[y] and E[y²] of the excess y over u.
    var meanExcess: Double
    var meanSquaredExcess: Double
    var exceedances = 0.0

    /// A tail starting at threshold `initial` with mean excess `initialExcess` (in the excess's own unit).
    init(logarithmic: Bool, initial: Double, initialExcess: Double) {
        self.logarithmic = logarithmic
        threshold = logarithmic ? log(initial) : initial
        meanExcess = initialExcess
        meanSquaredExcess = 2 * initialExcess * initialExcess
    }

    private func position(_ x: Double) -> Double { logarithmic ? log(max(x, 1e-300)) : x }

    /// Learns one value of the statistic. Beyond the level whose exceedance probability is `capProbability`
    /// (the alarm level, once past warm-up) it counts as that level: an alarm is not a habit, so it cannot widen
    /// the tail beyond the level it crossed, while alarms that keep coming still push the tail out bit by bit;
    /// and a single excess counts at most 10 mean excesses.
    mutating func learn(_ x: Double, capProbability: Double? = nil) {
        var excess = position(x) - threshold
        // The cap lies above u, so only exceedances need it (and its pow/exp).
        if excess > 0, let capProbability { excess = min(excess, position(quantile(exceedance: capProbability)) - threshold) }
        let exceeds = excess > 0
        if exceeds {
            let y = min(excess, 10 * meanExcess)
            let weight = max(1 / (exceedances + Self.priorExceedances), 1 / Self.excessMemory)
            meanExcess += weight * (y - meanExcess)
            meanSquaredExcess += weight * (y * y - meanSquaredExcess)
            exceedances = min(exceedances + 1, 1e9)
        }
        // At equilibrium P(x > u) = exceedanceShare. Logarithmic thresholds move in log space (5 % up per
        // exceedance) and never below 1 robust σ; linear ones in units of the mean excess.
        let signal = (exceeds ? 1 : 0) - Self.exceedanceShare
        if logarithmic {
            threshold = max(threshold + 0.05 * signal, 0)
        } else {
            threshold += 0.1 * max(meanExcess, 1e-12) * signal
        }
    }

    /// GPD shape ξ and scale σ from the moments: ξ = ½(1 − m²/v), σ = m(1 − ξ) (so the mean stays m).
    var shapeAndScale: (shape: Double, scale: Double) {
        let m = max(meanExcess, 1e-12)
        let variance = max(meanSquaredExcess - m * m, 1e-24)
        let shape = min(max(0.5 * (1 - m * m / variance), -0.3), 0.3)
        return (shape, m * (1 - shape))
    }

    /// P(statistic > x) under the learned tail; below u an exponential (linear) or power (logarithmic) bridge.
    func exceedanceProbability(_ x: Double) -> Double {
        let q = Self.exceedanceShare
        let excess = position(x) - threshold
        guard excess > 0 else {
            if logarithmic { return x <= 1 || threshold <= 0 ? 1 : pow(q, log(x) / threshold) }
            return min(1, q * exp(-excess / max(meanExcess, 1e-12)))
        }
        let (shape, scale) = shapeAndScale
        let y = excess / scale
        if abs(shape) < 1e-6 { return max(q * exp(-y), 1e-300) }
        let base = 1 + shape * y
        return base > 0 ? max(q * pow(base, -1 / shape), 1e-300) : 1e-300
    }

    /// The x with P(statistic > x) = `probability` (the inverse of ``exceedanceProbability(_:)`` above u).
    func quantile(exceedance probability: Double) -> Double {
        let (shape, scale) = shapeAndScale
        let ratio = min(probability / Self.exceedanceShare, 1)
        let excess = abs(shape) < 1e-6 ? -scale * log(ratio) : scale / shape * (pow(ratio, -shape) - 1)
        return logarithmic ? exp(threshold + excess) : threshold + excess
    }
}
