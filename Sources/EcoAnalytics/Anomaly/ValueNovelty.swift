import EcoRandom
import Foundation

/// Whether a value is new for the series: far from every value in a small sample of its past ones.
///
/// The sample is a biased reservoir (Aggarwal 2006) of 64 past values: once full, each new value replaces a random
/// one with probability 64 / 8,000, so the sample spans roughly the last 8,000 points (4 weeks of 5-minute data, a
/// year of hourly data), the older the rarer. The statistic is the distance to the nearest sampled value (a
/// 1-nearest-neighbour novelty score, as in conformal k-NN detectors); a value is novel when that distance is larger
/// than the distance's own 98th percentile, tracked in log space by stochastic approximation (Robbins & Monro
/// 1951). A value already in the sample (distance 0) is never novel. Bursts the series often makes, returns to an
/// earlier level and a cycle's usual values are familiar, however surprising they are for the short-term model.
struct ValueNovelty: Codable, Sendable, Equatable {
    static let sampleSize = 64
    /// Memory of the sample, in points.
    static let memory = 8000.0
    /// Share of values that are novel, by construction of the threshold.
    static let novelShare = 0.02
    /// Fewest sampled values before any value is judged.
    static let minimumSample = 16

    var sample: [Double] = []
    /// ln of the novelty threshold (the distance's 98th percentile); nil until the first non-zero distance.
    var logThreshold: Double?
    /// Values observed (capped).
    var count = 0
    /// Values since the latest novel one (a large number when there was none).
    var sinceNovel = Int.max / 2

    /// True when one of the latest `points` values (the current one included) was novel.
    func wasNovel(withinLast points: Int) -> Bool { sinceNovel < points }

    /// Judges `value` against the sample, then lets it into the sample (`seed` varies the sample's draws).
    mutating func observe(_ value: Double, seed: UInt64 = 0) {
        sinceNovel = min(sinceNovel + 1, Int.max / 2)
        if sample.count >= Self.minimumSample {
            var nearest = Double.infinity
            for past in sample { nearest = min(nearest, abs(past - value)) }
            if nearest > 0 {
                let logDistance = log(nearest)
                let threshold = logThreshold ?? logDistance
                let novel = logDistance > threshold
                if novel { sinceNovel = 0 }
                // At equilibrium P(novel) = novelShare: up by (1 − share) × 0.05 per novel value, down by share × 0.05.
                logThreshold = threshold + 0.05 * ((novel ? 1 : 0) - Self.novelShare)
            }
        }
        remember(value, seed: seed)
    }

    /// Puts `value` into the sample: while it is not full always, later in place of a random one with probability
    /// sampleSize / memory. The draw is a hash of the running count and `seed`, so replays are identical and the
    /// state needs no generator.
    private mutating func remember(_ value: Double, seed: UInt64) {
        count = min(count + 1, Int.max / 2)
        guard sample.count >= Self.sampleSize else {
            sample.append(value)
            return
        }
        var random = SplitMix64(seed: UInt64(count) &+ seed &* 0x9E37_79B9_7F4A_7C15)
        if random.unit() < Double(Self.sampleSize) / Self.memory {
            sample[Int(random.next() % UInt64(Self.sampleSize))] = value
        }
    }
}
