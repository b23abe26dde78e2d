/// The learning algorithm behind a model. Raw values are the CLI's `--algorithm` names.
public enum Algorithm: String, Sendable, Codable, CaseIterable {
    /// Random forest of CART trees.
    case randomForest = "rf"
    /// Histogram gradient-boosted trees.
    case gradientBoosting = "gbt"
    /// Logistic regression (classification baseline).
    case logistic
    /// Linear regression (regression baseline).
    case linear
}

/// The fitted estimator inside a ``Model``.
enum Estimator: Sendable, Equatable {
    case forest(RandomForest)
    case boosting(GradientBoosting)
    case linear(LinearModel)
}

/// A trained model: the estimator plus everything needed to read new rows and name its outputs.
///
/// A value type: copy it, store it with ``serialized()``, load it with ``init(serialized:)``;
/// predictions of a loaded model equal the original's bit for bit.
public struct Model: Sendable, Equatable {
    /// Classification or regression.
    public var task: Task
    /// The algorithm that produced the estimator.
    public var algorithm: Algorithm
    /// Input columns the model expects, in order, with category lists for categorical ones.
    public var schema: FeatureSchema
    /// Name of the target column it was trained on.
    public var targetName: String
    /// Class names in probability order (empty for regression).
    public var classNames: [String]
    /// Seed used in training.
    public var seed: UInt64
    /// Out-of-bag score of a forest (accuracy or R²), when computed.
    public var outOfBagScore: Double? {
        if case .forest(let f) = estimator { return f.outOfBagScore }
        return nil
    }

    var estimator: Estimator

    /// Numbers produced per row: class count for classification, 1 for regression.
    public var outputCount: Int { task == .classification ? classNames.count : 1 }
}

/// Options for ``Model/train(_:algorithm:options:progress:)``.
public struct TrainingOptions: Sendable, Equatable {
    /// Seed of every random choice (bootstrap, feature draws).
    public var seed: UInt64 = 0
    /// Random-forest settings.
    public var forest = ForestParameters()
    /// Gradient-boosting settings.
    public var boosting = BoostingParameters()
    /// Linear and logistic regression settings.
    public var linear = LinearParameters()
    /// Name of the target column, kept in the artifact.
    public var targetName = "target"

    /// Default settings.
    public init(seed: UInt64 = 0) { self.seed = seed }
}

extension Model {
    /// Trains `algorithm` on `data`, reporting progress once per tree, round or optimiser step.
    ///
    /// - Throws: ``MLError/cancelled`` when `progress` returns false; ``MLError/invalidInput(_:)`` when the
    ///   algorithm does not fit the task (logistic for regression, linear for classification) or data is empty.
    public static func train(
        _ data: Dataset, algorithm: Algorithm, options: TrainingOptions = TrainingOptions(),
        progress: TrainingProgress = { _, _ in true }
    ) throws -> Model {
        let estimator: Estimator
        switch (algorithm, data.task) {
        case (.randomForest, _):
            estimator = .forest(try RandomForest.train(data, parameters: options.forest, seed: options.seed, progress: progress))
        case (.gradientBoosting, _):
            estimator = .boosting(
                try GradientBoosting.train(data, parameters: options.boosting, seed: options.seed, progress: progress))
        case (.logistic, .classification):
            estimator = .linear(try LinearModel.trainLogistic(data, parameters: options.linear, progress: progress))
        case (.linear, .regression):
            estimator = .linear(try LinearModel.trainLinear(data))
            _ = progress(1, 1)
        case (.logistic, .regression):
            throw MLError.invalidInput("logistic regression is for classification; use --algorithm linear for a numeric target")
        case (.linear, .classification):
            throw MLError.invalidInput("linear regression is for regression; use --algorithm logistic for a class target")
        }
        return Model(
            task: data.task, algorithm: algorithm, schema: data.schema, targetName: options.targetName,
            classNames: data.classNames, seed: options.seed, estimator: estimator)
    }
}
