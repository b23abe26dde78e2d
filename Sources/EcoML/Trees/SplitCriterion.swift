/// How a tree scores a split: per-sample statistics summed in histograms, and a score per child.
///
/// Every statistic vector starts with the sample weight (stats[0]). A split's gain is
/// `score(left) + score(right) - score(parent)`, which for each criterion below equals the
/// decrease of the weighted impurity (Gini, squared error) or of the boosting loss.
protocol SplitCriterion {
    /// Doubles per statistic vector.
    var statCount: Int { get }
    /// Numbers written per leaf.
    var valuesPerLeaf: Int { get }
    /// Adds sample `i` with weight `w` to `stats`.
    func accumulate(_ i: Int, weight w: Double, into stats: UnsafeMutablePointer<Double>)
    /// Larger is better; see the type's summary.
    func score(_ stats: UnsafePointer<Double>) -> Double
    /// Whether a split that does not lower the loss may still be taken (CART does; boosting does not).
    var acceptsZeroGain: Bool { get }
    /// Whether the root counts as a node of value zero: its splits' gains are measured against a zero
    /// parent score, and a root that stays a leaf adds nothing. scikit-learn's HistGradientBoosting
    /// grows its trees this way (a tree that cannot split contributes 0, not a Newton step).
    var zeroValuedRoot: Bool { get }
    /// Whether split search first copies each row's statistics into node order, so every feature's
    /// histogram is built from a contiguous buffer by plain additions. Pays off for short vectors
    /// (squared error, gradients); class counts are cheaper accumulated directly.
    var gathersStatistics: Bool { get }
    /// True when the node cannot be improved (e.g. all one class).
    func isPure(_ stats: UnsafePointer<Double>) -> Bool
    /// Whether a child with these statistics is allowed beyond the sample-count rule.
    func childAllowed(_ stats: UnsafePointer<Double>) -> Bool
    /// Key that orders categories for a categorical split (given the parent's statistics).
    func categoryOrderKey(_ stats: UnsafePointer<Double>, parent: UnsafePointer<Double>) -> Double
    /// Writes the leaf's values.
    func leafValues(_ stats: UnsafePointer<Double>, into out: inout [Double])
}

/// Gini impurity over weighted class counts: stats = [w, w_class0, w_class1, …].
///
/// Score Σ_c w_c² / w; the gain equals w·Gini(parent) − w_L·Gini(left) − w_R·Gini(right).
struct GiniCriterion: SplitCriterion {
    let labels: [Int]
    let classCount: Int
    var statCount: Int { classCount + 1 }
    var acceptsZeroGain: Bool { true }
    var zeroValuedRoot: Bool { false }
    var gathersStatistics: Bool { false }
    var valuesPerLeaf: Int { classCount }

    @inline(__always) func accumulate(_ i: Int, weight w: Double, into stats: UnsafeMutablePointer<Double>) {
        stats[0] += w
        stats[1 + labels[i]] += w
    }

    @inline(__always) func score(_ stats: UnsafePointer<Double>) -> Double {
        guard stats[0] > 0 else { return 0 }
        var s = 0.0
        for c in 0..<classCount { s += stats[1 + c] * stats[1 + c] }
        return s / stats[0]
    }

    func isPure(_ stats: UnsafePointer<Double>) -> Bool {
        for c in 0..<classCount where stats[1 + c] == stats[0] { return true }
        return false
    }

    func childAllowed(_ stats: UnsafePointer<Double>) -> Bool { true }

    func categoryOrderKey(_ stats: UnsafePointer<Double>, parent: UnsafePointer<Double>) -> Double {
        // Exact for two classes (Breiman's ordering); a heuristic for more: the share of the parent's majority class.
        var majority = 0
        for c in 1..<classCount where parent[1 + c] > parent[1 + majority] { majority = c }
        return stats[0] > 0 ? stats[1 + majority] / stats[0] : 0
    }

    func leafValues(_ stats: UnsafePointer<Double>, into out: inout [Double]) {
        for c in 0..<classCount { out.append(stats[0] > 0 ? stats[1 + c] / stats[0] : 0) }
    }
}

/// Squared error over real targets: stats = [w, Σ w·y].
///
/// Score (Σ w·y)² / w; the gain equals the decrease of the sum of squared errors.
struct SquaredErrorCriterion: SplitCriterion {
    let targets: [Double]
    var statCount: Int { 3 }
    var acceptsZeroGain: Bool { true }
    var zeroValuedRoot: Bool { false }
    var gathersStatistics: Bool { true }
    var valuesPerLeaf: Int { 1 }

    @inline(__always) func accumulate(_ i: Int, weight w: Double, into stats: UnsafeMutablePointer<Double>) {
        let y = targets[i]
        stats[0] += w
        stats[1] += w * y
        stats[2] += w * y * y
    }

    @inline(__always) func score(_ stats: UnsafePointer<Double>) -> Double {
        stats[0] > 0 ? stats[1] * stats[1] / stats[0] : 0
    }

    func isPure(_ stats: UnsafePointer<Double>) -> Bool {
        // Sum of squared errors within rounding of zero: all targets equal.
        guard stats[0] > 0 else { return true }
        let sse = stats[2] - stats[1] * stats[1] / stats[0]
        return sse <= 1e-12 * max(1, abs(stats[2]))
    }

    func childAllowed(_ stats: UnsafePointer<Double>) -> Bool { true }

    func categoryOrderKey(_ stats: UnsafePointer<Double>, parent: UnsafePointer<Double>) -> Double {
        stats[0] > 0 ? stats[1] / stats[0] : 0
    }

    func leafValues(_ stats: UnsafePointer<Double>, into out: inout [Double]) {
        out.append(stats[0] > 0 ? stats[1] / stats[0] : 0)
    }
}

/// Second-order boosting loss: stats = [count, Σ gradient, Σ hessian].
///
/// Score G² / (H + λ) (XGBoost/LightGBM/scikit-learn HistGradientBoosting); the leaf value is
/// −G / (H + λ) times the learning rate. Per-row gradients and hessians are single precision, as
/// scikit-learn keeps them; their sums are double. The rounding is part of the algorithm's
/// behaviour: near-tied splits resolve as they do in scikit-learn.
struct GradientCriterion: SplitCriterion {
    let gradients: [Float]
    let hessians: [Float]
    let l2: Double
    let learningRate: Double
    let minHessian: Double
    var statCount: Int { 3 }
    var acceptsZeroGain: Bool { false }
    var zeroValuedRoot: Bool { true }
    var gathersStatistics: Bool { true }
    var valuesPerLeaf: Int { 1 }

    @inline(__always) func accumulate(_ i: Int, weight w: Double, into stats: UnsafeMutablePointer<Double>) {
        stats[0] += w
        stats[1] += Double(gradients[i])
        stats[2] += Double(hessians[i])
    }

    @inline(__always) func score(_ stats: UnsafePointer<Double>) -> Double {
        // G · (G / (H + λ)) is −G times the leaf's Newton value; 1e-15 keeps an all-zero hessian finite.
        stats[1] * (stats[1] / (stats[2] + l2 + 1e-15))
    }

    func isPure(_ stats: UnsafePointer<Double>) -> Bool { false }

    func childAllowed(_ stats: UnsafePointer<Double>) -> Bool { stats[2] >= minHessian }

    func categoryOrderKey(_ stats: UnsafePointer<Double>, parent: UnsafePointer<Double>) -> Double {
        // The hessian is smoothed so that a rare category cannot take an extreme place in the order.
        stats[1] / (stats[2] + 10)
    }

    func leafValues(_ stats: UnsafePointer<Double>, into out: inout [Double]) {
        out.append(-stats[1] / (stats[2] + l2 + 1e-15) * learningRate)
    }
}
