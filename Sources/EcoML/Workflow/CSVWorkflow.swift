import Foundation

/// What `ecotrack train` needs: settings for one train-from-CSV run.
public struct CSVTrainingRequest: Sendable, Equatable {
    /// Name of the target column.
    public var target: String
    /// Classification or regression.
    public var task: Task
    /// Algorithm; defaults to a random forest.
    public var algorithm: Algorithm = .randomForest
    /// How cross-validation forms its folds, or nil to skip cross-validation.
    public var crossValidation: FoldScheme? = .random(folds: 5)
    /// Seed of folds and training.
    public var seed: UInt64 = 0
    /// Further training settings (their `seed` and `targetName` are overwritten from this request).
    public var options = TrainingOptions()

    /// Creates a request with defaults for the optional settings; `folds` random folds (nil: no cross-validation).
    public init(target: String, task: Task, algorithm: Algorithm = .randomForest, folds: Int? = 5, seed: UInt64 = 0) {
        self.target = target
        self.task = task
        self.algorithm = algorithm
        self.crossValidation = folds.map { .random(folds: $0) }
        self.seed = seed
    }
}

/// The rows and folds of one train-from-CSV run, checked before anything is trained.
public struct CSVTrainingPlan: Sendable {
    /// The features (without the target and any fold column) and the target.
    public var data: Dataset
    /// The folds, when cross-validation was asked for.
    public var folds: PlannedFolds?
}

/// The outcome of a train-from-CSV run: the final model (trained on all rows) and the cross-validation report.
public struct CSVTrainingResult: Sendable {
    /// Model trained on every row.
    public var model: Model
    /// Cross-validated metrics, when folds were requested.
    public var crossValidation: CrossValidationReport?
    /// Number of rows read.
    public var rows: Int
    /// Number of feature columns read.
    public var features: Int
    /// How the folds were formed, when cross-validation ran.
    public var foldScheme: FoldScheme?
    /// The folds' values of the fold column, or the number of groups, when the scheme has them.
    public var folds: PlannedFolds?

    /// One JSON object: task, algorithm, rows, features, folds and how they were formed, seed, the mean
    /// metrics, their standard deviation over folds, per-fold metrics and the OOB score.
    public func summaryJSON(name: String? = nil) -> String {
        struct Summary: Encodable {
            var name: String?
            var task: String
            var algorithm: String
            var target: String
            var rows: Int
            var features: Int
            var classes: [String]?
            var folds: Int?
            var foldScheme: String?
            var foldColumn: String?
            var foldLabels: [String]?
            var groups: Int?
            var seed: UInt64
            var metrics: EvaluationMetrics?
            var metricsStd: MetricDeviations?
            var foldMetrics: [EvaluationMetrics]?
            var outOfBagScore: Double?
        }
        var foldColumn: String?
        if case .column(let name)? = foldScheme { foldColumn = name }
        let summary = Summary(
            name: name, task: model.task.rawValue, algorithm: model.algorithm.rawValue, target: model.targetName,
            rows: rows, features: features, classes: model.task == .classification ? model.classNames : nil,
            folds: crossValidation?.folds, foldScheme: crossValidation == nil ? nil : foldScheme?.name, foldColumn: foldColumn,
            foldLabels: folds?.labels, groups: folds?.groupCount, seed: model.seed, metrics: crossValidation?.mean,
            metricsStd: crossValidation?.standardDeviation, foldMetrics: crossValidation?.foldMetrics, outOfBagScore: model.outOfBagScore)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(summary)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// The two CLI shapes, as functions: train from CSV text, predict CSV text.
public enum CSVWorkflow {
    /// Reads `csv`, cross-validates (if asked) and trains the final model on all rows.
    ///
    /// Progress runs over the k cross-validation trainings and then the final one.
    public static func train(
        csv: String, request: CSVTrainingRequest, progress: TrainingProgress = { _, _ in true }
    ) throws -> CSVTrainingResult {
        try train(table: try CSVTable(parsing: csv), request: request, progress: progress)
    }

    /// Checks `table` against `request` without training: the dataset and the folds.
    ///
    /// - Throws: ``MLError`` for a bad target or CSV, or folds that cannot be formed (an unknown or
    ///   single-valued fold column, fewer groups than folds …), each saying how to fix it.
    public static func plan(table: CSVTable, request: CSVTrainingRequest) throws -> CSVTrainingPlan {
        let foldColumn = request.crossValidation?.foldColumn
        if let foldColumn, foldColumn == request.target {
            throw MLError.invalidInput("the fold column \"\(foldColumn)\" is also the target; name another column for the folds")
        }
        let data = try Dataset(csv: table, target: request.target, task: request.task, excluding: Set(foldColumn.map { [$0] } ?? []))
        let folds = try request.crossValidation?.plan(table: table, data: data, seed: request.seed)
        return CSVTrainingPlan(data: data, folds: folds)
    }

    /// ``train(csv:request:progress:)`` on a table already read (for callers that derive folds from its columns).
    public static func train(
        table: CSVTable, request: CSVTrainingRequest, progress: TrainingProgress = { _, _ in true }
    ) throws -> CSVTrainingResult {
        let plan = try plan(table: table, request: request)
        let data = plan.data
        var options = request.options
        options.seed = request.seed
        options.targetName = request.target
        let k = plan.folds?.splits.count ?? 0
        var report: CrossValidationReport?
        if let folds = plan.folds {
            report = try Model.crossValidate(data, algorithm: request.algorithm, options: options, splits: folds.splits) { done, total in
                progress(done, total / k * (k + 1))
            }
        }
        let model = try Model.train(data, algorithm: request.algorithm, options: options) { done, total in
            progress(k * total + done, (k + 1) * total)
        }
        return CSVTrainingResult(
            model: model, crossValidation: report, rows: data.rowCount, features: data.featureCount,
            foldScheme: request.crossValidation, folds: plan.folds)
    }

    /// Predicts every row of `csv` (columns matched to the model's features by name).
    ///
    /// Output columns: `prediction`, then `p10,p50,p90` for regression (empty cells for models
    /// without a spread) or one `prob_<class>` per class for classification.
    public static func predict(model: Model, csv: String) throws -> CSVTable {
        let table = try CSVTable(parsing: csv)
        let x = try Dataset.rowMajorFeatures(csv: table, schema: model.schema)
        let p = model.predict(rowMajor: x, rowCount: table.rows.count)
        func text(_ v: Double) -> String { v.isNaN ? "" : "\(v)" }
        switch model.task {
        case .regression:
            let hasSpread = !p.p10.isEmpty
            let rows = (0..<p.count).map { i in
                [text(p.values[i])] + (hasSpread ? [text(p.p10[i]), text(p.p50[i]), text(p.p90[i])] : ["", "", ""])
            }
            return CSVTable(header: ["prediction", "p10", "p50", "p90"], rows: rows)
        case .classification:
            let k = model.classNames.count
            let rows = (0..<p.count).map { i in
                [p.className(i)] + (0..<k).map { text(p.probabilities[i * k + $0]) }
            }
            return CSVTable(header: ["prediction"] + model.classNames.map { "prob_\($0)" }, rows: rows)
        }
    }
}
