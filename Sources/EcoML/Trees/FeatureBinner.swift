/// Maps feature values to small integer bins so split search scans histograms, not sorted values.
///
/// Numeric features get at most `maxBins` bins: one per distinct value when there are few (the
/// edges are then midpoints between neighbours, so splits equal exact CART splits), otherwise
/// quantile edges. Categorical features use the category index as the bin. NaN goes to
/// ``missingBin``.
struct FeatureBinner: Sendable {
    /// Bin reserved for missing values (and categories beyond the bin range).
    static let missingBin: UInt8 = 255
    /// Largest number of non-missing bins per feature.
    static let maxBins = 255

    /// Upper edge of each bin but the last, per feature: `x <= edges[b]` ⇔ bin ≤ b.
    var edges: [[Double]]
    /// Non-missing bin count per feature.
    var binCounts: [Int]
    /// Whether each feature is categorical.
    var isCategorical: [Bool]

    /// Learns bin edges from the columns of `data`.
    init(fitting data: Dataset, maxBins: Int = FeatureBinner.maxBins) {
        let bins = min(maxBins, FeatureBinner.maxBins)
        edges = []
        binCounts = []
        isCategorical = []
        for j in 0..<data.featureCount {
            if case .categorical(let categories) = data.schema.kinds[j] {
                edges.append([])
                binCounts.append(min(categories.count, bins))
                isCategorical.append(true)
                continue
            }
            let column = data.features[j * data.rowCount ..< (j + 1) * data.rowCount]
            let e = FeatureBinner.numericEdges(column.filter { !$0.isNaN }, maxBins: bins)
            edges.append(e)
            binCounts.append(e.count + 1)
            isCategorical.append(false)
        }
    }

    /// Edges for one numeric column, as scikit-learn's `_find_binning_thresholds` computes them:
    /// midpoints between distinct values when there are at most `maxBins`, otherwise the
    /// percentiles at 100·q/maxBins (q = 1 … maxBins − 1) with numpy's "midpoint" method.
    static func numericEdges(_ values: [Double], maxBins: Int) -> [Double] {
        let sorted = values.sorted()
        var distinct = [Double]()
        distinct.reserveCapacity(sorted.count)
        for v in sorted where distinct.last != v { distinct.append(v) }
        if distinct.count <= 1 { return [] }
        if distinct.count <= maxBins {
            return (0..<(distinct.count - 1)).map { (distinct[$0] + distinct[$0 + 1]) * 0.5 }
        }
        // Repeated edges are kept: they only leave empty bins, which never win a split.
        return (1..<maxBins).map { q in
            // numpy: percents from linspace, virtual index (n − 1)·p/100, and lerp(a, b, ½) written as b − (b − a)·½.
            let percent = Double(q) * (100 / Double(maxBins))
            let position = percent / 100 * Double(sorted.count - 1)
            let lower = sorted[Int(position.rounded(.down))], upper = sorted[Int(position.rounded(.up))]
            return position.rounded(.down) == position ? lower : upper - (upper - lower) * 0.5
        }
    }

    /// Bin of a single value of feature `j`.
    func bin(_ x: Double, feature j: Int) -> UInt8 {
        if x.isNaN { return FeatureBinner.missingBin }
        if isCategorical[j] {
            let c = Int(x)
            return c >= 0 && c < binCounts[j] ? UInt8(c) : FeatureBinner.missingBin
        }
        let e = edges[j]
        var lo = 0, hi = e.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if x <= e[mid] { hi = mid } else { lo = mid + 1 }
        }
        return UInt8(lo)
    }

    /// Column-major bins of every cell of `data`.
    func transform(_ data: Dataset) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: data.features.count)
        let n = data.rowCount
        for j in 0..<data.featureCount {
            for i in 0..<n { out[j * n + i] = bin(data.features[j * n + i], feature: j) }
        }
        return out
    }
}
