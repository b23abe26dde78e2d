/// The metrics of one evaluation; classification fields are nil for regression and vice versa.
public struct EvaluationMetrics: Sendable, Equatable, Codable {
    /// Rows evaluated.
    public var rows: Int
    /// Share of rows classified correctly.
    public var accuracy: Double?
    /// Mean per-class recall.
    public var balancedAccuracy: Double?
    /// ROC AUC (binary, or macro one-vs-rest); nil when the truth has a single class.
    public var rocAUC: Double?
    /// Mean negative log-likelihood of the true class.
    public var logLoss: Double?
    /// Unweighted mean of per-class F1.
    public var macroF1: Double?
    /// Counts[true class][predicted class].
    public var confusionMatrix: [[Int]]?
    /// Mean absolute error, in target units.
    public var meanAbsoluteError: Double?
    /// Root mean squared error, in target units.
    public var rootMeanSquaredError: Double?
    /// Coefficient of determination.
    public var r2: Double?

    /// Scores `predictions` against `truth`.
    public init(truth: Target, predictions: Predictions) {
        rows = truth.count
        switch truth {
        case .classes(let labels, let names):
            let predicted = predictions.values.map { Int($0) }
            let k = names.count
            accuracy = Metrics.accuracy(truth: labels, predicted: predicted)
            balancedAccuracy = Metrics.balancedAccuracy(truth: labels, predicted: predicted, classCount: k)
            rocAUC = Metrics.rocAUC(truth: labels, probabilities: predictions.probabilities, classCount: k)
            logLoss = Metrics.logLoss(truth: labels, probabilities: predictions.probabilities, classCount: k)
            macroF1 = Metrics.macroF1(truth: labels, predicted: predicted, classCount: k)
            confusionMatrix = Metrics.confusionMatrix(truth: labels, predicted: predicted, classCount: k)
        case .values(let values):
            meanAbsoluteError = Metrics.meanAbsoluteError(truth: values, predicted: predictions.values)
            rootMeanSquaredError = Metrics.rootMeanSquaredError(truth: values, predicted: predictions.values)
            r2 = Metrics.r2(truth: values, predicted: predictions.values)
        }
    }

    /// The single-number metrics, for summaries over folds.
    static var scores: [WritableKeyPath<EvaluationMetrics, Double?>] {
        [\.accuracy, \.balancedAccuracy, \.rocAUC, \.logLoss, \.macroF1, \.meanAbsoluteError, \.rootMeanSquaredError, \.r2]
    }

    /// The mean of each metric over `folds` (confusion matrices are summed, rows added).
    ///
    /// A metric missing from some folds (ROC AUC of a fold with one class) is averaged over the others.
    public init(averaging folds: [EvaluationMetrics]) {
        precondition(!folds.isEmpty)
        rows = folds.reduce(0) { $0 + $1.rows }
        for key in Self.scores {
            let values = folds.compactMap { $0[keyPath: key] }
            self[keyPath: key] = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        if let first = folds[0].confusionMatrix {
            var sum = first.map { $0.map { _ in 0 } }
            for fold in folds {
                for (i, row) in (fold.confusionMatrix ?? []).enumerated() {
                    for (j, v) in row.enumerated() { sum[i][j] += v }
                }
            }
            confusionMatrix = sum
        }
    }

    /// The headline score: accuracy for classification, R² for regression.
    public var primaryScore: Double { accuracy ?? r2 ?? .nan }
}

extension Model {
    /// Predicts `data` and scores the predictions against its target.
    public func evaluate(on data: Dataset) -> EvaluationMetrics {
        EvaluationMetrics(truth: data.target, predictions: predict(data))
    }
}
