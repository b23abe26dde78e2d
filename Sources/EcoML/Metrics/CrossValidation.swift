import Foundation

/// Metrics of cross-validation: per fold, their mean and their standard deviation.
public struct CrossValidationReport: Sendable, Equatable, Codable {
    /// Number of folds.
    public var folds: Int
    /// Seed of the fold assignment and of training.
    public var seed: UInt64
    /// Metrics of each fold's held-out rows.
    public var foldMetrics: [EvaluationMetrics]
    /// Mean of the fold metrics (each fold counts once, as scikit-learn's `cross_val_score(...).mean()`).
    public var mean: EvaluationMetrics
    /// Standard deviation of the fold metrics.
    public var standardDeviation: MetricDeviations

    /// A report of `foldMetrics`, one per fold, with their mean and standard deviation.
    public init(seed: UInt64, foldMetrics: [EvaluationMetrics]) {
        folds = foldMetrics.count
        self.seed = seed
        self.foldMetrics = foldMetrics
        mean = EvaluationMetrics(averaging: foldMetrics)
        standardDeviation = MetricDeviations(of: foldMetrics)
    }
}

/// The standard deviation of each single-number metric over folds; nil where no fold has the metric.
///
/// Population deviation (divided by the number of folds), as numpy's `std` and scikit-learn's
/// `std_test_score`; metrics missing from a fold (ROC AUC of a one-class fold) are left out.
public struct MetricDeviations: Sendable, Equatable, Codable {
    public var accuracy: Double?
    public var balancedAccuracy: Double?
    public var rocAUC: Double?
    public var logLoss: Double?
    public var macroF1: Double?
    public var meanAbsoluteError: Double?
    public var rootMeanSquaredError: Double?
    public var r2: Double?

    /// The deviations of `folds`' metrics.
    public init(of folds: [EvaluationMetrics]) {
        let pairs: [(WritableKeyPath<EvaluationMetrics, Double?>, WritableKeyPath<MetricDeviations, Double?>)] = [
            (\.accuracy, \.accuracy), (\.balancedAccuracy, \.balancedAccuracy), (\.rocAUC, \.rocAUC), (\.logLoss, \.logLoss),
            (\.macroF1, \.macroF1), (\.meanAbsoluteError, \.meanAbsoluteError),
            (\.rootMeanSquaredError, \.rootMeanSquaredError), (\.r2, \.r2),
        ]
        for (from, to) in pairs {
            let values = folds.compactMap { $0[keyPath: from] }
            guard !values.isEmpty else { continue }
            let mean = values.reduce(0, +) / Double(values.count)
            self[keyPath: to] = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        }
    }
}

extension Model {
    /// K-fold cross-validation (stratified for classification) with seeded folds.
    ///
    /// Progress counts the iterations of all k trainings.
    public static func crossValidate(
        _ data: Dataset, algorithm: Algorithm, options: TrainingOptions = TrainingOptions(), folds k: Int = 5,
        progress: TrainingProgress = { _, _ in true }
    ) throws -> CrossValidationReport {
        let splits = try Splits.checkedKFold(target: data.target, folds: k, seed: options.seed)
        return try crossValidate(data, algorithm: algorithm, options: options, splits: splits, progress: progress)
    }

    /// Cross-validation on given splits: the analyst's folds, whole groups (``Splits/groupKFold(groups:folds:seed:)``)
    /// or folds exported by another tool.
    public static func crossValidate(
        _ data: Dataset, algorithm: Algorithm, options: TrainingOptions, splits: [TrainTestIndices],
        progress: TrainingProgress = { _, _ in true }
    ) throws -> CrossValidationReport {
        guard !splits.isEmpty else { throw MLError.invalidInput("cross-validation needs at least one fold") }
        var metrics = [EvaluationMetrics]()
        for (f, split) in splits.enumerated() {
            let model = try train(data.subset(split.train), algorithm: algorithm, options: options) { done, total in
                progress(f * total + done, splits.count * total)
            }
            metrics.append(model.evaluate(on: data.subset(split.test)))
        }
        return CrossValidationReport(seed: options.seed, foldMetrics: metrics)
    }
}
