/// Metrics of k-fold cross-validation: per fold and their mean.
public struct CrossValidationReport: Sendable, Equatable, Codable {
    /// Number of folds.
    public var folds: Int
    /// Seed of the fold assignment and of training.
    public var seed: UInt64
    /// Metrics of each fold's held-out rows.
    public var foldMetrics: [EvaluationMetrics]
    /// Mean of the fold metrics.
    public var mean: EvaluationMetrics
}

extension Model {
    /// K-fold cross-validation (stratified for classification) with seeded folds.
    ///
    /// Progress counts the iterations of all k trainings.
    public static func crossValidate(
        _ data: Dataset, algorithm: Algorithm, options: TrainingOptions = TrainingOptions(), folds k: Int = 5,
        progress: TrainingProgress = { _, _ in true }
    ) throws -> CrossValidationReport {
        guard k >= 2, k <= data.rowCount else {
            throw MLError.invalidInput("cross-validation needs between 2 and \(data.rowCount) folds, got \(k)")
        }
        let splits = Splits.kFold(target: data.target, folds: k, seed: options.seed)
        return try crossValidate(data, algorithm: algorithm, options: options, splits: splits, progress: progress)
    }

    /// Cross-validation on given splits (for example folds exported by another tool).
    public static func crossValidate(
        _ data: Dataset, algorithm: Algorithm, options: TrainingOptions, splits: [TrainTestIndices],
        progress: TrainingProgress = { _, _ in true }
    ) throws -> CrossValidationReport {
        var metrics = [EvaluationMetrics]()
        for (f, split) in splits.enumerated() {
            let model = try train(data.subset(split.train), algorithm: algorithm, options: options) { done, total in
                progress(f * total + done, splits.count * total)
            }
            metrics.append(model.evaluate(on: data.subset(split.test)))
        }
        return CrossValidationReport(
            folds: splits.count, seed: options.seed, foldMetrics: metrics, mean: EvaluationMetrics(averaging: metrics))
    }
}
