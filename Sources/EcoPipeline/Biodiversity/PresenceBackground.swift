import EcoCore
import EcoML
import EcoRandom
import EcoStore
import Foundation

/// The presence/background model of a species distribution: cells where the species was
/// recorded (label 1) against recorded absences and a seeded sample of background cells
/// (label 0), described by their covariates.
///
/// The estimator is a random forest of probability trees: each tree is grown on the 0/1
/// presence label with the squared-error criterion, which for two classes chooses the same
/// splits as Gini (p(1−p) is half the Gini impurity) and stores the presence share of the leaf,
/// i.e. the classifier's probability. Growing it that way lets EcoML report the spread of the
/// per-tree probabilities (p10/p50/p90) that maps show as uncertainty. Features per node: √m,
/// as for a classifier.
enum PresenceBackground {
    /// Training settings (all have defaults; the job kind reads them from its parameters).
    struct Options: Sendable, Equatable {
        /// Background cells sampled per presence cell.
        var backgroundRatio = 3.0
        /// Seed of the background sample, the folds and the forest.
        var seed: UInt64 = 0
        /// Trees in the forest.
        var trees = 100
        /// Cross-validation folds (stratified); 0 skips cross-validation.
        var folds = 5
    }

    /// The rows a model is trained on.
    struct TrainingSet: Sendable, Equatable {
        var covariates: [Covariate]
        var cells: [UInt64]
        /// 1 for presence, 0 for absence or background, per row.
        var labels: [Int]
        /// Row-major covariate values (NaN = missing), `covariates.count` per row.
        var features: [Double]
        var presences: Int
        var absences: Int
        var background: Int
        /// Presence cells dropped because no covariate has a value there.
        var presencesWithoutCovariates: Int

        var dataset: Dataset {
            let m = covariates.count
            let rows = (0..<cells.count).map { Array(features[$0 * m ..< ($0 + 1) * m]) }
            return Dataset(schema: FeatureSchema(names: covariates.map(\.feature), kinds: Array(repeating: .numeric, count: m)),
                           rows: rows, target: .values(labels.map(Double.init)))
        }
    }

    /// Cross-validated quality of the presence probability.
    struct Metrics: Sendable, Equatable, Codable {
        var folds: Int
        /// Mean over folds of the area under the ROC curve (presence vs the rest).
        var rocAuc: Double?
        var rocAucFolds: [Double]
        /// Share of held-out rows right at a 0.5 threshold.
        var accuracy: Double?
        /// Mean of the recall of presences and of non-presences at 0.5.
        var balancedAccuracy: Double?
        /// Mean negative log-likelihood (probabilities clipped to [1e-15, 1 − 1e-15]).
        var logLoss: Double?
        /// Mean squared error of the probability.
        var brierScore: Double?
    }

    /// Too few presence cells to learn from.
    static let minimumPresences = 5

    /// Presence rows for cells with presences, absence rows for cells with only absences, and
    /// `backgroundRatio` × presences background rows drawn (seeded) from the other cells that
    /// have covariates. Cells are taken in id order before shuffling, so the draw is reproducible.
    static func trainingSet(table: CovariateTable, presenceCells: Set<UInt64>, absenceCells: Set<UInt64>, options: Options) -> TrainingSet {
        let m = table.covariates.count
        var set = TrainingSet(covariates: table.covariates, cells: [], labels: [], features: [], presences: 0, absences: 0,
                              background: 0, presencesWithoutCovariates: 0)
        func add(_ cell: UInt64, label: Int) {
            set.cells.append(cell)
            set.labels.append(label)
            set.features += table.rows[cell] ?? [Double](repeating: .nan, count: m)
        }
        for cell in presenceCells.sorted() {
            if table.rows[cell] == nil { set.presencesWithoutCovariates += 1; continue }
            add(cell, label: 1)
            set.presences += 1
        }
        for cell in absenceCells.subtracting(presenceCells).sorted() where table.rows[cell] != nil {
            add(cell, label: 0)
            set.absences += 1
        }
        var candidates = table.cells.filter { !presenceCells.contains($0) && !absenceCells.contains($0) }
        var random = Xoshiro256StarStar(seed: options.seed)
        random.shuffle(&candidates)
        let wanted = Int((Double(set.presences) * options.backgroundRatio).rounded())
        for cell in candidates.prefix(wanted).sorted() {
            add(cell, label: 0)
            set.background += 1
        }
        return set
    }

    /// The forest settings used for both cross-validation and the final model.
    static func trainingOptions(_ options: Options) -> TrainingOptions {
        var training = TrainingOptions(seed: options.seed)
        training.forest.treeCount = options.trees
        training.forest.maxFeatures = .sqrt
        training.forest.computeOutOfBagScore = false
        training.targetName = "presence"
        return training
    }

    /// Folds actually used: at most `options.folds`, at most the smaller class's count; 0 when below 2.
    static func foldCount(_ set: TrainingSet, options: Options) -> Int {
        let positives = set.labels.filter { $0 == 1 }.count
        let folds = min(options.folds, positives, set.labels.count - positives)
        return folds >= 2 ? folds : 0
    }

    /// Cross-validates (stratified folds) and trains the final forest on every row. `progress`
    /// counts trees over all fits: (folds + 1) × trees.
    static func train(_ set: TrainingSet, options: Options, progress: TrainingProgress) throws -> (Model, Metrics) {
        guard set.presences >= minimumPresences else {
            throw MLError.invalidInput("only \(set.presences) cells with presences have covariates; at least \(minimumPresences) are needed. Import more occurrences, or ingest environmental observations (temperature, precipitation, NDVI …) in the cells where the species was seen.")
        }
        guard set.labels.contains(0) else {
            throw MLError.invalidInput("no background cells: every cell with covariates has a presence. Ingest observations over a wider area so the model can compare.")
        }
        let data = set.dataset
        let training = trainingOptions(options)
        let folds = foldCount(set, options: options)
        let total = (folds + 1) * options.trees
        var metrics = Metrics(folds: folds, rocAucFolds: [])
        if folds > 0 {
            let splits = Splits.kFold(target: .classes(set.labels, names: ["background", "presence"]), folds: folds, seed: options.seed)
            var truth: [Int] = [], scores: [Double] = []
            for (f, split) in splits.enumerated() {
                let model = try Model.train(data.subset(split.train), algorithm: .randomForest, options: training) { done, _ in
                    progress(f * options.trees + done, total)
                }
                let held = model.predict(data.subset(split.test)).values
                let labels = split.test.map { set.labels[$0] }
                if let auc = EcoML.Metrics.rocAUC(positive: labels.map { $0 == 1 }, scores: held) { metrics.rocAucFolds.append(auc) }
                truth += labels
                scores += held
            }
            metrics.rocAuc = metrics.rocAucFolds.isEmpty ? nil : metrics.rocAucFolds.reduce(0, +) / Double(metrics.rocAucFolds.count)
            let predicted = scores.map { $0 >= 0.5 ? 1 : 0 }
            metrics.accuracy = EcoML.Metrics.accuracy(truth: truth, predicted: predicted)
            metrics.balancedAccuracy = EcoML.Metrics.balancedAccuracy(truth: truth, predicted: predicted, classCount: 2)
            metrics.logLoss = zip(truth, scores).map { label, p in
                let clipped = min(max(p, 1e-15), 1 - 1e-15)
                return -log(label == 1 ? clipped : 1 - clipped)
            }.reduce(0, +) / Double(truth.count)
            metrics.brierScore = zip(truth, scores).map { (Double($0) - $1) * (Double($0) - $1) }.reduce(0, +) / Double(truth.count)
        }
        let model = try Model.train(data, algorithm: .randomForest, options: training) { done, _ in
            progress(folds * options.trees + done, total)
        }
        return (model, metrics)
    }

    /// One cell's predicted presence probability with the spread over trees.
    struct CellPrediction: Sendable, Equatable {
        var cell: UInt64
        var probability: Double
        var p10: Double
        var p50: Double
        var p90: Double
    }

    /// Predictions for every cell of `table`, whose covariates must be the model's features in order.
    static func predict(_ model: Model, table: CovariateTable) -> [CellPrediction] {
        let cells = table.cells
        let m = table.covariates.count
        var rows: [Double] = []
        rows.reserveCapacity(cells.count * m)
        for cell in cells { rows += table.rows[cell]! }
        let predictions = model.predict(rowMajor: rows, rowCount: cells.count)
        return cells.indices.map { i in
            let spread = predictions.p10.isEmpty
            return CellPrediction(cell: cells[i], probability: predictions.values[i], p10: spread ? .nan : predictions.p10[i],
                                  p50: spread ? .nan : predictions.p50[i], p90: spread ? .nan : predictions.p90[i])
        }
    }
}
