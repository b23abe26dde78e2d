import EcoRandom
/// Limits that stop a tree from growing.
struct TreeLimits: Sendable {
    /// Deepest allowed leaf (root = 0); `Int.max` for unlimited.
    var maxDepth = Int.max
    /// Most leaves; when finite the tree grows best-first, like scikit-learn's HistGradientBoosting.
    var maxLeaves = Int.max
    /// Fewest (weighted) samples in a leaf.
    var minSamplesLeaf = 1.0
    /// Fewest (weighted) samples in a node that may be split.
    var minSamplesSplit = 2.0
    /// Features drawn at random per node; `nil` for all.
    var maxFeatures: Int?
    /// Per feature, whether the training rows had missing values; decides where a split of a node that
    /// holds no missing values sends them. Nil (CART, as scikit-learn's trees): to the child with more
    /// samples. Set (boosting, as scikit-learn's HistGradientBoosting): to the right when the feature
    /// had missing values elsewhere, to the child with more samples when it had none.
    var featureHadMissing: [Bool]?
    /// Whether large nodes may derive a child's histograms by subtraction (off only to test against the plain path).
    var histogramSubtraction = true
}

/// Training data in binned form, shared by every tree of an ensemble.
struct BinnedMatrix: Sendable {
    /// Column-major bins, `rowCount` per column.
    let bins: [UInt8]
    let rowCount: Int
    let binner: FeatureBinner
    var featureCount: Int { binner.binCounts.count }
}

/// A split found for a node.
private struct Split {
    var feature = -1
    var bin = 0
    var categorical = false
    var set: [UInt64] = [0, 0, 0, 0]
    var missingLeft = false
    var gain = 0.0
    var leftStats: [Double] = []

    @inline(__always) func goesLeft(_ b: UInt8) -> Bool {
        if b == FeatureBinner.missingBin { return missingLeft }
        if categorical { return set[Int(b >> 6)] & (1 << UInt64(b & 63)) != 0 }
        return Int(b) <= bin
    }
}

/// A node waiting to be split or turned into a leaf.
private struct Pending {
    var node: Int
    var start: Int
    var end: Int
    var depth: Int
    var stats: [Double]
    var split: Split?
    /// All features' histograms of this node (compact layout), when growing with histogram subtraction.
    var histogram: [Double] = []
}

/// Grows one tree on binned data with a split criterion (CART for forests, second-order for boosting).
struct TreeGrower<Criterion: SplitCriterion> {
    let data: BinnedMatrix
    let criterion: Criterion
    let limits: TreeLimits

    /// Grows a tree on `rows` (each row may appear once) with per-row weights indexed by row.
    func grow(rows: [Int], weights: [Double], rng: inout Xoshiro256StarStar) -> DecisionTree {
        let k = criterion.statCount
        var index = rows
        var nodes = [TreeNode(threshold: 0, feature: -1, left: 0, right: 0, flags: 0)]
        var leafValues = [Double]()
        var categorySets = [UInt64]()
        // The histogram stays all-zero between features: only the bins a node touched are cleared.
        let scratchHistogram = UnsafeMutablePointer<Double>.allocate(capacity: 256 * k)
        scratchHistogram.initialize(repeating: 0, count: 256 * k)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 4 * k)
        // Per-node copy of each row's statistics in node order (see `gathersStatistics`).
        let nodeStats = UnsafeMutablePointer<Double>.allocate(capacity: criterion.gathersStatistics ? rows.count * k : 0)
        defer { scratchHistogram.deallocate(); scratch.deallocate(); nodeStats.deallocate() }
        var featureOrder = Array(0..<data.featureCount)
        // Histogram subtraction (as in LightGBM and scikit-learn): when every node looks at every feature,
        // keep each node's histograms, build only the smaller child's and get the larger one as parent − smaller.
        let subtracts = limits.histogramSubtraction && criterion.gathersStatistics
            && (limits.maxFeatures ?? Int.max) >= data.featureCount
        var blockOffsets = [0]
        for f in 0..<data.featureCount { blockOffsets.append(blockOffsets[f] + (data.binner.binCounts[f] + 1) * k) }
        // A node keeps whole histograms only when it has more row-feature cells than histogram bins; smaller
        // nodes are cheaper to histogram from their rows, feature by feature.
        func keepsHistogram(rows count: Int) -> Bool {
            subtracts && count * data.featureCount * k >= blockOffsets[data.featureCount]
        }

        /// Histograms of rows `start..<end` for every feature; feature f's missing bin is its local bin binCounts[f].
        func nodeHistogram(start: Int, end: Int) -> [Double] {
            var out = [Double](repeating: 0, count: blockOffsets[data.featureCount])
            index.withUnsafeBufferPointer { idx in
                weights.withUnsafeBufferPointer { w in
                    nodeStats.update(repeating: 0, count: (end - start) * k)
                    for s in start..<end { criterion.accumulate(idx[s], weight: w[idx[s]], into: nodeStats + (s - start) * k) }
                }
                data.bins.withUnsafeBufferPointer { bins in
                    out.withUnsafeMutableBufferPointer { o in
                        for f in 0..<data.featureCount {
                            let column = bins.baseAddress! + f * data.rowCount
                            let block = o.baseAddress! + blockOffsets[f], nb = data.binner.binCounts[f]
                            for s in start..<end {
                                let b = column[idx[s]]
                                let target = block + (b == FeatureBinner.missingBin ? nb : Int(b)) * k
                                let source = nodeStats + (s - start) * k
                                for c in 0..<k { target[c] += source[c] }
                            }
                        }
                    }
                }
            }
            return out
        }

        func makeLeaf(_ p: Pending) {
            nodes[p.node].feature = -1
            nodes[p.node].left = Int32(leafValues.count)
            if p.node == 0 && criterion.zeroValuedRoot {
                leafValues += repeatElement(0, count: criterion.valuesPerLeaf)
            } else {
                p.stats.withUnsafeBufferPointer { criterion.leafValues($0.baseAddress!, into: &leafValues) }
            }
        }

        func candidate(node: Int, start: Int, end: Int, depth: Int, stats: [Double], histogram: [Double] = []) -> Pending {
            var p = Pending(node: node, start: start, end: end, depth: depth, stats: stats, split: nil, histogram: histogram)
            let splittable = stats.withUnsafeBufferPointer { s in
                depth < limits.maxDepth && s[0] >= limits.minSamplesSplit && s[0] >= 2 * limits.minSamplesLeaf
                    && !criterion.isPure(s.baseAddress!)
            }
            if splittable {
                p.split = index.withUnsafeBufferPointer { idx in
                    weights.withUnsafeBufferPointer { w in
                        p.histogram.withUnsafeBufferPointer { h in
                            bestSplit(
                                idx, start, end, stats, w, scratchHistogram, scratch, nodeStats,
                                h.isEmpty ? nil : (h.baseAddress!, blockOffsets), isRoot: node == 0,
                                &featureOrder, &rng)
                        }
                    }
                }
            }
            return p
        }

        var rootStats = [Double](repeating: 0, count: k)
        rootStats.withUnsafeMutableBufferPointer { s in
            for i in index { criterion.accumulate(i, weight: weights[i], into: s.baseAddress!) }
        }
        var pending = [
            candidate(
                node: 0, start: 0, end: index.count, depth: 0, stats: rootStats,
                histogram: keepsHistogram(rows: index.count) ? nodeHistogram(start: 0, end: index.count) : [])
        ]
        var leaves = 1
        let bestFirst = limits.maxLeaves != Int.max
        while !pending.isEmpty {
            var pick = pending.count - 1
            if bestFirst {
                for (j, p) in pending.enumerated() where (p.split?.gain ?? -1) > (pending[pick].split?.gain ?? -1) {
                    pick = j
                }
            }
            let p = pending.remove(at: pick)
            guard let split = p.split, leaves < limits.maxLeaves else {
                makeLeaf(p)
                continue
            }
            // Partition rows so the left child's come first.
            var mid = p.start
            data.bins.withUnsafeBufferPointer { bins in
                let column = split.feature * data.rowCount
                for s in p.start..<p.end where split.goesLeft(bins[column + index[s]]) {
                    index.swapAt(s, mid)
                    mid += 1
                }
            }
            let left = nodes.count, right = nodes.count + 1
            nodes.append(TreeNode(threshold: 0, feature: -1, left: 0, right: 0, flags: 0))
            nodes.append(TreeNode(threshold: 0, feature: -1, left: 0, right: 0, flags: 0))
            var flags: UInt8 = split.missingLeft ? TreeNode.missingLeftFlag : 0
            var threshold: Double
            if split.categorical {
                flags |= TreeNode.categoricalFlag
                threshold = Double(categorySets.count)
                categorySets += split.set
            } else {
                let edges = data.binner.edges[split.feature]
                threshold = split.bin < edges.count ? edges[split.bin] : .infinity
            }
            nodes[p.node] = TreeNode(
                threshold: threshold, feature: Int32(split.feature), left: Int32(left), right: Int32(right), flags: flags)
            leaves += 1
            let rightStats = zip(p.stats, split.leftStats).map { $0 - $1 }
            var leftHistogram = [Double](), rightHistogram = [Double]()
            let leftIsSmaller = mid - p.start <= p.end - mid
            if !p.histogram.isEmpty && keepsHistogram(rows: max(mid - p.start, p.end - mid)) {
                var small = leftIsSmaller ? nodeHistogram(start: p.start, end: mid) : nodeHistogram(start: mid, end: p.end)
                let large = zip(p.histogram, small).map { $0 - $1 }
                if !keepsHistogram(rows: min(mid - p.start, p.end - mid)) { small = [] }
                (leftHistogram, rightHistogram) = leftIsSmaller ? (small, large) : (large, small)
            }
            pending.append(
                candidate(node: left, start: p.start, end: mid, depth: p.depth + 1, stats: split.leftStats, histogram: leftHistogram))
            pending.append(
                candidate(node: right, start: mid, end: p.end, depth: p.depth + 1, stats: rightStats, histogram: rightHistogram))
        }
        return DecisionTree(
            nodes: nodes, leafValues: leafValues, categorySets: categorySets, valuesPerLeaf: criterion.valuesPerLeaf)
    }

    // swiftlint:disable:next function_parameter_count
    private func bestSplit(
        _ idx: UnsafeBufferPointer<Int>, _ start: Int, _ end: Int, _ parentStats: [Double],
        _ w: UnsafeBufferPointer<Double>, _ hist: UnsafeMutablePointer<Double>, _ scratch: UnsafeMutablePointer<Double>,
        _ nodeStats: UnsafeMutablePointer<Double>, _ precomputed: (UnsafePointer<Double>, [Int])?, isRoot: Bool,
        _ featureOrder: inout [Int], _ rng: inout Xoshiro256StarStar
    ) -> Split? {
        let k = criterion.statCount
        let gathered = criterion.gathersStatistics
        if gathered && precomputed == nil {
            nodeStats.update(repeating: 0, count: (end - start) * k)
            for s in start..<end { criterion.accumulate(idx[s], weight: w[idx[s]], into: nodeStats + (s - start) * k) }
        }
        let m = data.featureCount
        var drawn = m
        if let mf = limits.maxFeatures, mf < m {
            // Partial Fisher–Yates: the first `mf` entries become a uniform sample without replacement.
            for j in 0..<mf { featureOrder.swapAt(j, j + rng.below(m - j)) }
            drawn = mf
        }
        let parent = scratch, left = scratch + k, right = scratch + 2 * k, missing = scratch + 3 * k
        for c in 0..<k { parent[c] = parentStats[c] }
        let parentScore = isRoot && criterion.zeroValuedRoot ? 0 : criterion.score(parent)
        // CART may take a split that gains nothing, but rounding must not make a worse one look level:
        // the tolerance scales with the node. Boosting takes any positive gain (scikit-learn's min_gain_to_split = 0).
        let minGain = criterion.acceptsZeroGain ? -1e-12 * max(1, abs(parentScore)) : 0
        var best: Split?
        let missingBin = Int(FeatureBinner.missingBin)

        func consider(_ feature: Int, bin: Int, missingLeft: Bool, categoricalPrefix: [Int]?) {
            guard left[0] >= limits.minSamplesLeaf, left[0] > 0, right[0] >= limits.minSamplesLeaf, right[0] > 0,
                criterion.childAllowed(left), criterion.childAllowed(right)
            else { return }
            // Summed in this order so that swapping the children can change the last bit, as in scikit-learn,
            // where identical partitions found through different features then resolve alike.
            let gain = (criterion.score(left) - parentScore) + criterion.score(right)
            guard gain > (best?.gain ?? minGain) else { return }
            var s = Split()
            s.feature = feature
            s.bin = bin
            s.missingLeft = missingLeft
            s.gain = gain
            s.leftStats = Array(UnsafeBufferPointer(start: left, count: k))
            if let prefix = categoricalPrefix {
                s.categorical = true
                for c in prefix { s.set[c >> 6] |= 1 << UInt64(c & 63) }
            }
            best = s
        }

        // Where NaN goes from a split that saw no missing values in its node: to the larger child (ties right),
        // unless boosting saw NaN in this feature elsewhere; then right, as the ascending scan assumes.
        func missingFollowsLarger(_ f: Int, hasMissing: Bool) -> Bool {
            !hasMissing && !(limits.featureHadMissing?[f] ?? false) && left[0] > right[0]
        }

        // Categorical splits: tries "categories so far go left" with missing values on the right, then on the left.
        func scanBoth(_ f: Int, bin: Int, hasMissing: Bool, prefix: [Int]?) {
            for c in 0..<k { right[c] = parent[c] - left[c] }
            consider(f, bin: bin, missingLeft: missingFollowsLarger(f, hasMissing: hasMissing), categoricalPrefix: prefix)
            guard hasMissing else { return }
            for c in 0..<k { left[c] += missing[c]; right[c] -= missing[c] }
            consider(f, bin: bin, missingLeft: true, categoricalPrefix: prefix)
            for c in 0..<k { left[c] -= missing[c] }
        }

        // Numeric splits in scikit-learn's order (XGBoost's sparsity-aware search): first every threshold
        // upwards with missing values on the right, then, when the feature has missing values, every threshold
        // downwards with them on the left. Later candidates must gain strictly more, so among thresholds that
        // part the rows alike the upward pass keeps the lowest and the downward pass the highest, and each
        // side's sums are accumulated from its own end, as there.
        func scanNumeric(_ f: Int, lowest: Int, highest: Int, hasMissing: Bool) {
            for c in 0..<k { left[c] = 0 }
            for b in lowest...highest {
                for c in 0..<k {
                    left[c] += hist[b * k + c]
                    right[c] = parent[c] - left[c]
                }
                consider(f, bin: b, missingLeft: missingFollowsLarger(f, hasMissing: hasMissing), categoricalPrefix: nil)
            }
            guard limits.featureHadMissing?[f] ?? hasMissing else { return }
            for c in 0..<k { right[c] = 0 }
            // Bin b joins the right side, leaving bins below it (down to "missing values alone") on the left.
            for b in stride(from: highest, through: max(lowest, 1), by: -1) {
                for c in 0..<k {
                    right[c] += hist[b * k + c]
                    left[c] = parent[c] - right[c]
                }
                consider(f, bin: b - 1, missingLeft: true, categoricalPrefix: nil)
            }
        }
        data.bins.withUnsafeBufferPointer { bins in
            for f in featureOrder[0..<drawn] {
                let column = bins.baseAddress! + f * data.rowCount
                // Deep nodes hold few rows: scanning only the bins between the lowest and highest one
                // present keeps their cost proportional to the rows, not to the 255 bins.
                var lowest = missingBin, highest = -1
                if let (nodeHistogram, offsets) = precomputed {
                    // Copy this feature's precomputed block into the scratch layout (missing bin at 255).
                    let block = nodeHistogram + offsets[f], nb = data.binner.binCounts[f]
                    for b in 0..<nb where block[b * k] > 0 {
                        lowest = min(lowest, b)
                        highest = b
                    }
                    if highest >= lowest { (hist + lowest * k).update(from: block + lowest * k, count: (highest - lowest + 1) * k) }
                    (hist + missingBin * k).update(from: block + nb * k, count: k)
                } else {
                    for s in start..<end {
                        let i = idx[s]
                        let b = Int(column[i])
                        if gathered {
                            let source = nodeStats + (s - start) * k, target = hist + b * k
                            for c in 0..<k { target[c] += source[c] }
                        } else {
                            criterion.accumulate(i, weight: w[i], into: hist + b * k)
                        }
                        if b != missingBin {
                            lowest = min(lowest, b)
                            highest = max(highest, b)
                        }
                    }
                }
                for c in 0..<k { missing[c] = hist[missingBin * k + c] }
                defer {
                    if highest >= lowest { (hist + lowest * k).update(repeating: 0, count: (highest - lowest + 1) * k) }
                    (hist + missingBin * k).update(repeating: 0, count: k)
                }
                let hasMissing = missing[0] > 0
                if data.binner.isCategorical[f] {
                    var present = highest < lowest ? [] : (lowest...highest).filter { hist[$0 * k] > 0 }
                    guard present.count + (hasMissing ? 1 : 0) > 1 else { continue }
                    let keys = present.map { criterion.categoryOrderKey(hist + $0 * k, parent: parent) }
                    present = present.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
                        .map { present[$0] }
                    for c in 0..<k { left[c] = 0 }
                    for (position, category) in present.enumerated() {
                        for c in 0..<k { left[c] += hist[category * k + c] }
                        scanBoth(f, bin: position, hasMissing: hasMissing, prefix: Array(present[0...position]))
                    }
                } else {
                    guard highest >= lowest else { continue }
                    scanNumeric(f, lowest: lowest, highest: highest, hasMissing: hasMissing)
                }
            }
        }

        return best
    }
}
