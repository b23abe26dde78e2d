import Foundation

/// Which test raised (or would raise) an alarm.
public enum AnomalyEvidence: String, Codable, Sendable, CaseIterable {
    /// The value is far from the short-term baseline (level over the last hours plus the daily/weekly profile).
    case point
    /// The value is far from the long-term level (days): the series moved to a level it does not usually visit.
    case level
    /// The recent residuals are distributed unlike the usual ones (more or larger excursions, a changed spread).
    case distribution
}

/// Turns residuals into calibrated evidence, per series, with three tests. Each test's statistic has its own
/// learned tail (``AdaptiveTail``) and is expressed in Gaussian-equivalent σ: the z a normal variable
/// needs to be as rare as the statistic is on this series.
struct ScoreCalibration: Codable, Sendable, Equatable {
    /// Tails of the short-term residual (in robust σ), upward and downward.
    var spikes = AdaptiveTail(logarithmic: true, initial: 2, initialExcess: 0.2)
    var dips = AdaptiveTail(logarithmic: true, initial: 2, initialExcess: 0.2)
    /// Tails of the residual from the long-term level (in its own robust σ).
    var highs = AdaptiveTail(logarithmic: true, initial: 2, initialExcess: 0.2)
    var lows = AdaptiveTail(logarithmic: true, initial: 2, initialExcess: 0.2)
    /// Tail of the divergence between the recent and the usual residual histograms.
    var divergences = AdaptiveTail(logarithmic: false, initial: 0.5, initialExcess: 0.25)
    var histograms = ResidualHistograms()

    /// The three scores of one point (Gaussian-equivalent σ) and the divergence statistic behind the third.
    struct Evidence {
        var point: Double
        var level: Double
        var distribution: Double
        var divergence: Double
    }

    /// Gaussian-equivalent σ of a residual `deviation` against a pair of tails (upper for ≥ 0).
    private static func score(_ deviation: Double, upper: AdaptiveTail, lower: AdaptiveTail) -> Double {
        NormalTail.quantile(upperTail: deviation >= 0 ? upper.exceedanceProbability(deviation) : lower.exceedanceProbability(-deviation))
    }

    /// The evidence of a point with short-term `deviation` and long-term `levelDeviation` (robust σ), without learning.
    func evidence(deviation: Double, levelDeviation: Double) -> Evidence {
        let divergence = histograms.divergence(adding: deviation)
        return Evidence(
            point: Self.score(deviation, upper: spikes, lower: dips),
            level: Self.score(levelDeviation, upper: highs, lower: lows),
            distribution: NormalTail.quantile(upperTail: divergences.exceedanceProbability(divergence)),
            divergence: divergence)
    }

    /// Learns the point behind `evidence`. With `alarmScore` (past warm-up) values beyond the alarm level
    /// teach each tail only up to that level.
    mutating func learn(deviation: Double, levelDeviation: Double, evidence: Evidence, alarmScore: Double?) {
        let share = alarmScore.map(NormalTail.upperTail)
        spikes.learn(deviation, capProbability: share)
        dips.learn(-deviation, capProbability: share)
        highs.learn(levelDeviation, capProbability: share)
        lows.learn(-levelDeviation, capProbability: share)
        divergences.learn(evidence.divergence, capProbability: share)
        histograms.add(deviation)
    }

    /// The short-term deviation (robust σ) at which the spike (`upper`) or dip tail reaches a calibrated `score`.
    func deviation(atScore score: Double, upper: Bool) -> Double {
        (upper ? spikes : dips).quantile(exceedance: NormalTail.upperTail(score))
    }
}

/// Two histograms of the short-term residual (robust σ) in 12 fixed bins: the recent one (exponential memory
/// of 12 points) and the usual one (memory of 2,000 points); their divergence Σ r·ln(r/u) (Kullback–Leibler,
/// lightly smoothed) is large when the recent residuals are spread unlike the usual ones (relative entropy
/// detector after Wang et al. 2011).
struct ResidualHistograms: Codable, Sendable, Equatable {
    static let edges: [Double] = [-6, -3, -2, -1.2, -0.6, 0, 0.6, 1.2, 2, 3, 6]
    static let recentMemory = 12.0
    static let usualMemory = 2000.0
    static let smoothing = 1e-3

    var recent = Array(repeating: 1.0 / 12, count: 12)
    var usual = Array(repeating: 1.0 / 12, count: 12)
    var count = 0

    static func bin(_ deviation: Double) -> Int { edges.firstIndex { deviation <= $0 } ?? edges.count }

    /// The divergence of the recent histogram once `deviation` is added, from the usual one.
    func divergence(adding deviation: Double) -> Double {
        let bin = Self.bin(deviation)
        let keep = 1 - 1 / Self.recentMemory
        var total = 0.0
        for index in recent.indices {
            let share = recent[index] * keep + (index == bin ? 1 / Self.recentMemory : 0)
            total += share * log((share + Self.smoothing) / (usual[index] + Self.smoothing))
        }
        return max(total, 0)
    }

    mutating func add(_ deviation: Double) {
        let bin = Self.bin(deviation)
        let keepRecent = 1 - 1 / Self.recentMemory
        let rate = max(1 / Self.usualMemory, 1 / Double(count + 50))
        for index in recent.indices {
            recent[index] *= keepRecent
            usual[index] *= 1 - rate
        }
        recent[bin] += 1 / Self.recentMemory
        usual[bin] += rate
        count = min(count + 1, 1_000_000)
    }
}
