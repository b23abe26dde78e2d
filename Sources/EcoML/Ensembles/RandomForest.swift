import EcoRandom
/// How many features a forest tree considers at each node.
public enum MaxFeatures: Sendable, Equatable, Codable {
    /// √m for classification and all m for regression (scikit-learn's defaults).
    case automatic
    /// √m.
    case sqrt
    /// All features.
    case all
    /// A fraction of m in (0, 1].
    case fraction(Double)

    func count(features m: Int, task: Task) -> Int {
        let n: Int
        switch self {
        case .automatic: n = task == .classification ? Int(Double(m).squareRoot()) : m
        case .sqrt: n = Int(Double(m).squareRoot())
        case .all: n = m
        case .fraction(let f): n = Int(Double(m) * f)
        }
        return max(1, min(m, n))
    }
}

/// Settings of a random forest; defaults follow scikit-learn's RandomForestClassifier/Regressor.
public struct ForestParameters: Sendable, Equatable {
    /// Number of trees.
    public var treeCount = 100
    /// Deepest leaf (root = 0); nil for unlimited.
    public var maxDepth: Int?
    /// Fewest samples in a leaf.
    public var minSamplesLeaf = 1
    /// Fewest samples in a node that may be split.
    public var minSamplesSplit = 2
    /// Features considered per node.
    public var maxFeatures = MaxFeatures.automatic
    /// Whether each tree trains on a bootstrap sample (otherwise on all rows).
    public var bootstrap = true
    /// Whether to compute the out-of-bag score (needs `bootstrap`).
    public var computeOutOfBagScore = true
    /// Bins per numeric feature (≤ 255); 255 equals exact CART when a feature has ≤ 255 distinct values.
    public var maxBins = 255

    /// Default settings.
    public init() {}
}

/// A bagged ensemble of CART trees; class probabilities or values are the mean over trees.
public struct RandomForest: Sendable, Equatable {
    /// The trees.
    var trees: [DecisionTree]
    /// Values per prediction: the class count for classification, 1 for regression.
    var outputCount: Int
    /// Out-of-bag accuracy (classification) or R² (regression), when computed.
    public var outOfBagScore: Double?
    /// The trees laid out for prediction.
    let flat: FlatEnsemble

    init(trees: [DecisionTree], outputCount: Int, outOfBagScore: Double?) {
        self.trees = trees
        self.outputCount = outputCount
        self.outOfBagScore = outOfBagScore
        flat = FlatEnsemble(trees)
    }

    /// Number of trees.
    public var treeCount: Int { trees.count }

    /// Trains a forest on `data`.
    public static func train(
        _ data: Dataset, parameters: ForestParameters = ForestParameters(), seed: UInt64 = 0,
        progress: TrainingProgress = { _, _ in true }
    ) throws -> RandomForest {
        guard data.rowCount > 0 else { throw MLError.invalidInput("the training set has no rows") }
        guard parameters.treeCount > 0 else { throw MLError.invalidInput("a forest needs at least one tree") }
        let binner = FeatureBinner(fitting: data, maxBins: parameters.maxBins)
        let matrix = BinnedMatrix(bins: binner.transform(data), rowCount: data.rowCount, binner: binner)
        var limits = TreeLimits()
        limits.maxDepth = parameters.maxDepth ?? Int.max
        limits.minSamplesLeaf = Double(parameters.minSamplesLeaf)
        limits.minSamplesSplit = Double(max(2, parameters.minSamplesSplit))
        limits.maxFeatures = parameters.maxFeatures.count(features: data.featureCount, task: data.task)
        let n = data.rowCount
        let root = Xoshiro256StarStar(seed: seed)
        var trees = [DecisionTree]()
        let outputs = data.task == .classification ? data.classNames.count : 1
        let tracksOutOfBag = parameters.bootstrap && parameters.computeOutOfBagScore
        // Out-of-bag sums are accumulated tree by tree, so no per-tree bootstrap record is kept.
        var outOfBag = OutOfBagAccumulator(rows: tracksOutOfBag ? n : 0, outputs: outputs)
        let rowMajor = tracksOutOfBag ? data.rowMajorFeatures() : []
        for t in 0..<parameters.treeCount {
            var rng = root.derived(t)
            var weights = [Double](repeating: parameters.bootstrap ? 0 : 1, count: n)
            if parameters.bootstrap { for _ in 0..<n { weights[rng.below(n)] += 1 } }
            let rows = weights.indices.filter { weights[$0] > 0 }
            let tree: DecisionTree
            switch data.target {
            case .classes(let labels, let names):
                let grower = TreeGrower(
                    data: matrix, criterion: GiniCriterion(labels: labels, classCount: names.count), limits: limits)
                tree = grower.grow(rows: rows, weights: weights, rng: &rng)
            case .values(let values):
                let grower = TreeGrower(data: matrix, criterion: SquaredErrorCriterion(targets: values), limits: limits)
                tree = grower.grow(rows: rows, weights: weights, rng: &rng)
            }
            trees.append(tree)
            if tracksOutOfBag { outOfBag.add(tree, rowMajor: rowMajor, featureCount: data.featureCount, inBag: weights) }
            guard progress(t + 1, parameters.treeCount) else { throw MLError.cancelled }
        }
        return RandomForest(
            trees: trees, outputCount: outputs, outOfBagScore: tracksOutOfBag ? outOfBag.score(data.target) : nil)
    }

    /// Mean over trees of the leaf values for one row-major row, written to `out` (`outputCount` values).
    @inline(__always)
    func predict(_ row: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let k = outputCount
        for c in 0..<k { out[c] = 0 }
        flat.leafValues.withUnsafeBufferPointer { v in
            flat.forEachLeaf(row) { _, offset in
                for c in 0..<k { out[c] += v[offset + c] }
            }
        }
        let scale = 1 / Double(trees.count)
        for c in 0..<outputCount { out[c] *= scale }
    }

    /// Each tree's regression value for one row (for prediction intervals).
    func treeValues(_ row: UnsafePointer<Double>, into out: inout [Double]) {
        out.removeAll(keepingCapacity: true)
        flat.forEachLeaf(row) { _, offset in out.append(flat.leafValues[offset]) }
    }

    /// Share of trees whose most probable class is `predicted`, for one row.
    func voteShare(_ row: UnsafePointer<Double>, predicted: Int) -> Double {
        var agree = 0
        let k = outputCount
        flat.leafValues.withUnsafeBufferPointer { v in
            flat.forEachLeaf(row) { _, offset in
                var best = 0
                for c in 1..<k where v[offset + c] > v[offset + best] { best = c }
                if best == predicted { agree += 1 }
            }
        }
        return Double(agree) / Double(trees.count)
    }
}

/// Sums of the predictions each row gets from the trees that did not see it.
private struct OutOfBagAccumulator {
    var sums: [Double]
    var votes: [Int]
    let outputs: Int

    init(rows: Int, outputs: Int) {
        sums = [Double](repeating: 0, count: rows * outputs)
        votes = [Int](repeating: 0, count: rows)
        self.outputs = outputs
    }

    mutating func add(_ tree: DecisionTree, rowMajor: [Double], featureCount m: Int, inBag: [Double]) {
        rowMajor.withUnsafeBufferPointer { x in
            for i in votes.indices where inBag[i] == 0 {
                let offset = tree.leafOffset(x.baseAddress! + i * m)
                for c in 0..<outputs { sums[i * outputs + c] += tree.leafValues[offset + c] }
                votes[i] += 1
            }
        }
    }

    /// Accuracy (classification) or R² (regression) over rows that were out of bag at least once.
    func score(_ target: Target) -> Double? {
        let seen = votes.indices.filter { votes[$0] > 0 }
        guard !seen.isEmpty else { return nil }
        let k = outputs
        switch target {
        case .classes(let labels, _):
            let predicted = seen.map { i in (0..<k).max { sums[i * k + $0] < sums[i * k + $1] }! }
            return Metrics.accuracy(truth: seen.map { labels[$0] }, predicted: predicted)
        case .values(let values):
            return Metrics.r2(truth: seen.map { values[$0] }, predicted: seen.map { sums[$0] / Double(votes[$0]) })
        }
    }
}
