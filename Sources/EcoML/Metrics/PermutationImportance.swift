import EcoRandom
/// How much the score drops when one feature's values are shuffled.
public struct FeatureImportance: Sendable, Equatable, Codable {
    /// Feature name.
    public var feature: String
    /// Mean drop of the primary score (accuracy or R²) over the repeats.
    public var mean: Double
    /// Standard deviation of the drop over the repeats.
    public var standardDeviation: Double
}

extension Model {
    /// Permutation feature importance on `data` (Breiman 2001; scikit-learn's `permutation_importance`).
    ///
    /// Each feature column is shuffled `repeats` times with a seeded generator; the importance is
    /// the mean drop in accuracy (classification) or R² (regression).
    public func permutationImportance(on data: Dataset, repeats: Int = 5, seed: UInt64 = 0) -> [FeatureImportance] {
        let baseline = evaluate(on: data).primaryScore
        var rng = Xoshiro256StarStar(seed: seed)
        let n = data.rowCount
        return (0..<data.featureCount).map { j in
            var drops = [Double]()
            var shuffled = data
            for _ in 0..<repeats {
                var column = Array(data.features[j * n ..< (j + 1) * n])
                rng.shuffle(&column)
                shuffled.features.replaceSubrange(j * n ..< (j + 1) * n, with: column)
                drops.append(baseline - evaluate(on: shuffled).primaryScore)
            }
            let mean = drops.reduce(0, +) / Double(repeats)
            let variance = drops.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(repeats)
            return FeatureImportance(feature: data.schema.names[j], mean: mean, standardDeviation: variance.squareRoot())
        }
    }
}
