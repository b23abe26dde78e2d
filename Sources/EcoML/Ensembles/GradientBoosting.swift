import EcoRandom
import Foundation

/// Settings of histogram gradient boosting; defaults follow scikit-learn's HistGradientBoosting*.
public struct BoostingParameters: Sendable, Equatable {
    /// Boosting rounds (one tree per round, or one per class for more than two classes).
    public var iterations = 100
    /// Shrinkage applied to every leaf value.
    public var learningRate = 0.1
    /// Most leaves per tree (trees grow best-first).
    public var maxLeaves = 31
    /// Deepest leaf (root = 0); nil for unlimited.
    public var maxDepth: Int?
    /// Fewest samples in a leaf.
    public var minSamplesLeaf = 20
    /// L2 penalty on leaf values.
    public var l2Regularization = 0.0
    /// Bins per numeric feature (≤ 255).
    public var maxBins = 255
    /// When to hold out rows and stop once their loss stops improving.
    public var earlyStopping = EarlyStopping.automatic
    /// Share of rows held out for early stopping (stratified for classes).
    public var validationFraction = 0.1
    /// Rounds without an improvement larger than `tolerance` before stopping.
    public var patience = 10
    /// Smallest decrease of the held-out loss that counts as an improvement.
    public var tolerance = 1e-7

    /// Default settings.
    public init() {}
}

/// Whether boosting holds out rows to stop early; scikit-learn's `early_stopping`.
public enum EarlyStopping: Sendable, Equatable {
    /// On for more than 10,000 rows, as scikit-learn's "auto".
    case automatic
    case on
    case off
}

/// The loss a boosted ensemble minimises, which also fixes how raw scores become predictions.
public enum BoostingLoss: UInt8, Sendable, Equatable {
    /// Half squared error; the raw score is the prediction.
    case squaredError = 0
    /// Binary log loss; probability = sigmoid(raw score).
    case binaryLogLoss = 1
    /// Multinomial log loss; probabilities = softmax of one raw score per class.
    case multinomialLogLoss = 2
}

/// An additive model of small trees fitted to the gradient of the loss, round after round.
public struct GradientBoosting: Sendable, Equatable {
    /// Trees in round-major order, `scoresPerRow` per round.
    var trees: [DecisionTree]
    /// Starting raw score per output (mean, log-odds or log prior).
    var baseline: [Double]
    /// The loss.
    var loss: BoostingLoss
    /// The trees laid out for prediction.
    let flat: FlatEnsemble

    init(trees: [DecisionTree], baseline: [Double], loss: BoostingLoss) {
        self.trees = trees
        self.baseline = baseline
        self.loss = loss
        flat = FlatEnsemble(trees)
    }

    /// Raw scores per row: 1, or the class count for multinomial loss.
    var scoresPerRow: Int { baseline.count }
    /// Number of boosting rounds.
    public var iterationCount: Int { trees.count / max(scoresPerRow, 1) }

    /// Trains on `data` with the loss that fits its target.
    public static func train(
        _ data: Dataset, parameters: BoostingParameters = BoostingParameters(), seed: UInt64 = 0,
        progress: TrainingProgress = { _, _ in true }
    ) throws -> GradientBoosting {
        let n = data.rowCount
        guard n > 0 else { throw MLError.invalidInput("the training set has no rows") }
        let stopsEarly = parameters.earlyStopping == .on || (parameters.earlyStopping == .automatic && n > 10_000)
        // Held-out rows take no part in fitting; their loss after each round decides when to stop.
        let (rows, validation): ([Int], [Int]) = {
            guard stopsEarly else { return (Array(0..<n), []) }
            let split = Splits.trainTest(target: data.target, testFraction: parameters.validationFraction, seed: seed)
            return (split.train, split.test)
        }()
        guard !rows.isEmpty else { throw MLError.invalidInput("no rows are left to train on after holding out validation rows") }
        // Bin edges come from the training rows only: held-out rows must not shape the model (as in scikit-learn).
        let binner = FeatureBinner(fitting: validation.isEmpty ? data : data.subset(rows), maxBins: parameters.maxBins)
        let matrix = BinnedMatrix(bins: binner.transform(data), rowCount: n, binner: binner)
        var limits = TreeLimits()
        limits.maxDepth = parameters.maxDepth ?? Int.max
        limits.maxLeaves = max(2, parameters.maxLeaves)
        limits.minSamplesLeaf = Double(max(1, parameters.minSamplesLeaf))
        limits.minSamplesSplit = 2 * limits.minSamplesLeaf
        limits.featureHadMissing = (0..<data.featureCount).map { j in
            rows.contains { matrix.bins[j * n + $0] == FeatureBinner.missingBin }
        }

        let loss: BoostingLoss
        let baseline: [Double]
        var labels = [Int](), values = [Double]()
        switch data.target {
        case .values(let v):
            loss = .squaredError
            values = v
            baseline = [rows.reduce(0) { $0 + v[$1] } / Double(rows.count)]
        case .classes(let l, let names):
            labels = l
            var counts = [Double](repeating: 0, count: names.count)
            for i in rows { counts[l[i]] += 1 }
            guard names.count >= 2 else { throw MLError.invalidInput("classification needs at least two classes") }
            // Clamp priors away from 0 so a class absent from this fold still gets a finite score
            // (by 10 ε for two classes and ε for more, scikit-learn's margins).
            let margin = names.count == 2 ? 10 * Double.ulpOfOne : Double.ulpOfOne
            let priors = counts.map { min(max($0 / Double(rows.count), margin), 1 - margin) }
            if names.count == 2 {
                loss = .binaryLogLoss
                let p = priors[1]
                baseline = [log(p / (1 - p))]
            } else {
                loss = .multinomialLogLoss
                // Centred log priors (log p − mean log p), scikit-learn's symmetric multinomial logit.
                let geometricMean = exp(priors.reduce(0) { $0 + log($1) } / Double(priors.count))
                baseline = priors.map { log($0 / geometricMean) }
            }
        }
        let k = baseline.count
        var raw = [Double](repeating: 0, count: n * k)
        for i in 0..<n { for c in 0..<k { raw[i * k + c] = baseline[c] } }
        let rowMajor = data.rowMajorFeatures()
        let m = data.featureCount
        let ones = [Double](repeating: 1, count: n)
        // Single precision per row, as in scikit-learn (see `GradientCriterion`).
        var gradients = [Float](repeating: 0, count: n)
        var hessians = [Float](repeating: 1, count: n)
        var probabilities = [Double](repeating: 0, count: k)
        var trees = [DecisionTree]()
        trees.reserveCapacity(parameters.iterations * k)
        var rng = Xoshiro256StarStar(seed: seed)
        // As in scikit-learn, the loss of the baseline alone is the first entry.
        var validationLosses = stopsEarly
            ? [validationLoss(raw, rows: validation, loss: loss, labels: labels, values: values, scores: k)] : []

        for round in 0..<parameters.iterations {
            var roundTrees = [DecisionTree]()
            for c in 0..<k {
                for i in 0..<n {
                    switch loss {
                    case .squaredError:
                        gradients[i] = Float(raw[i] - values[i])
                    case .binaryLogLoss:
                        let p = Link.sigmoid(raw[i])
                        gradients[i] = Float(p - (labels[i] == 1 ? 1 : 0))
                        hessians[i] = Float(max(p * (1 - p), 1e-16))
                    case .multinomialLogLoss:
                        softmax(raw, row: i, count: k, into: &probabilities)
                        let p = probabilities[c]
                        gradients[i] = Float(p - (labels[i] == c ? 1 : 0))
                        hessians[i] = Float(max(p * (1 - p), 1e-16))
                    }
                }
                let criterion = GradientCriterion(
                    gradients: gradients, hessians: hessians, l2: parameters.l2Regularization,
                    learningRate: parameters.learningRate, minHessian: 1e-3)
                let tree = TreeGrower(data: matrix, criterion: criterion, limits: limits)
                    .grow(rows: rows, weights: ones, rng: &rng)
                roundTrees.append(tree)
            }
            // Update all scores after the round: every class tree of a round sees the same probabilities.
            rowMajor.withUnsafeBufferPointer { x in
                for i in 0..<n {
                    for c in 0..<k {
                        let tree = roundTrees[c]
                        raw[i * k + c] += tree.leafValues[tree.leafOffset(x.baseAddress! + i * m)]
                    }
                }
            }
            trees += roundTrees
            guard progress(round + 1, parameters.iterations) else { throw MLError.cancelled }
            if stopsEarly {
                validationLosses.append(
                    validationLoss(raw, rows: validation, loss: loss, labels: labels, values: values, scores: k))
                // scikit-learn's rule: stop when none of the last `patience` rounds beat the one before them by `tolerance`.
                if validationLosses.count > parameters.patience {
                    let reference = validationLosses[validationLosses.count - parameters.patience - 1]
                    if validationLosses.suffix(parameters.patience).allSatisfy({ $0 >= reference - parameters.tolerance }) { break }
                }
            }
        }
        return GradientBoosting(trees: trees, baseline: baseline, loss: loss)
    }

    /// Mean loss of the held-out rows under the current raw scores.
    static func validationLoss(
        _ raw: [Double], rows: [Int], loss: BoostingLoss, labels: [Int], values: [Double], scores k: Int
    ) -> Double {
        var total = 0.0
        var probabilities = [Double](repeating: 0, count: k)
        for i in rows {
            switch loss {
            case .squaredError:
                total += 0.5 * (raw[i] - values[i]) * (raw[i] - values[i])
            case .binaryLogLoss:
                total += Link.binaryLogLoss(raw[i], positive: labels[i] == 1)
            case .multinomialLogLoss:
                softmax(raw, row: i, count: k, into: &probabilities)
                total -= log(max(probabilities[labels[i]], 1e-300))
            }
        }
        return total / Double(max(rows.count, 1))
    }

    /// Softmax of row `i`'s `count` raw scores.
    @inline(__always)
    static func softmax(_ raw: [Double], row i: Int, count k: Int, into out: inout [Double]) {
        for c in 0..<k { out[c] = raw[i * k + c] }
        out.withUnsafeMutableBufferPointer { Link.softmax($0.baseAddress!, count: k) }
    }

    /// Predictions for one row-major row: the value, or class probabilities (`outputs` numbers).
    @inline(__always)
    func predict(_ row: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let k = scoresPerRow
        for c in 0..<k { out[c] = baseline[c] }
        // Trees are round-major, so tree t adds to the score of class t mod k.
        flat.addLeafValues(row, into: out, scores: k)
        switch loss {
        case .squaredError:
            break
        case .binaryLogLoss:
            Link.binaryProbabilities(out)
        case .multinomialLogLoss:
            Link.softmax(out, count: k)
        }
    }

    /// Numbers `predict` writes per row.
    var outputCount: Int { loss == .binaryLogLoss ? 2 : scoresPerRow }
}
