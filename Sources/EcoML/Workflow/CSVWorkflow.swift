import Foundation

/// What `ecotrack train` needs: settings for one train-from-CSV run.
public struct CSVTrainingRequest: Sendable, Equatable {
    /// Name of the target column.
    public var target: String
    /// Classification or regression.
    public var task: Task
    /// Algorithm; defaults to a random forest.
    public var algorithm: Algorithm = .randomForest
    /// Cross-validation folds (≥ 2), or nil to skip cross-validation.
    public var folds: Int? = 5
    /// Seed of folds and training.
    public var seed: UInt64 = 0
    /// Further training settings (their `seed` and `targetName` are overwritten from this request).
    public var options = TrainingOptions()

    /// Creates a request with defaults for the optional settings.
    public init(target: String, task: Task, algorithm: Algorithm = .randomForest, folds: Int? = 5, seed: UInt64 = 0) {
        self.target = target
        self.task = task
        self.algorithm = algorithm
        self.folds = folds
        self.seed = seed
    }
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

    /// One JSON object: task, algorithm, rows, features, folds, seed, the mean metrics, per-fold metrics and the OOB score.
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
            var seed: UInt64
            var metrics: EvaluationMetrics?
            var foldMetrics: [EvaluationMetrics]?
            var outOfBagScore: Double?
        }
        let summary = Summary(
            name: name, task: model.task.rawValue, algorithm: model.algorithm.rawValue, target: model.targetName,
            rows: rows, features: features, classes: model.task == .classification ? model.classNames : nil,
            folds: crossValidation?.folds, seed: model.seed, metrics: crossValidation?.mean,
            foldMetrics: crossValidation?.foldMetrics, outOfBagScore: model.outOfBagScore)
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
        let data = try Dataset(csv: try CSVTable(parsing: csv), target: request.target, task: request.task)
        var options = request.options
        options.seed = request.seed
        options.targetName = request.target
        let stages = (request.folds ?? 0) + 1
        var report: CrossValidationReport?
        if let k = request.folds {
            report = try Model.crossValidate(data, algorithm: request.algorithm, options: options, folds: k) { done, total in
                progress(done, total / k * stages)
            }
        }
        let model = try Model.train(data, algorithm: request.algorithm, options: options) { done, total in
            progress((stages - 1) * total + done, stages * total)
        }
        return CSVTrainingResult(model: model, crossValidation: report, rows: data.rowCount, features: data.featureCount)
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
