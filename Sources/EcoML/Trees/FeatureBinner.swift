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

    /// Edges for one numeric column, as scikit-learn 1.9's `_find_binning_thresholds` computes them:
    /// midpoints between distinct values when there are at most `maxBins`, otherwise the
    /// percentiles at 100·q/maxBins (q = 1 … maxBins − 1) with numpy's "averaged_inverted_cdf"
    /// method, repeated edges removed.
    static func numericEdges(_ values: [Double], maxBins: Int) -> [Double] {
        let sorted = values.sorted()
        var distinct = [Double]()
        distinct.reserveCapacity(sorted.count)
        for v in sorted where distinct.last != v { distinct.append(v) }
        if distinct.count <= 1 { return [] }
        if distinct.count <= maxBins {
            return (0..<(distinct.count - 1)).map { (distinct[$0] + distinct[$0 + 1]) * 0.5 }
        }
        var edges = [Double]()
        edges.reserveCapacity(maxBins - 1)
        for q in 1..<maxBins {
            // Percents as numpy's linspace makes them, so that exact hits of a sample are recognised alike.
            let percent = Double(q) * (100 / Double(maxBins))
            let edge = averagedInvertedCDF(sorted, quantile: percent / 100)
            // Sorted input gives non-decreasing edges; a repeated one would only add an empty bin.
            if edges.last != edge { edges.append(edge) }
        }
        return edges
    }

    /// numpy's `quantile(method="averaged_inverted_cdf")` of sorted values: the sample where the
    /// empirical CDF first reaches `quantile`, or the mean of the two neighbours when it lands
    /// exactly on a step (Hyndman & Fan's definition 2).
    static func averagedInvertedCDF(_ sorted: [Double], quantile: Double) -> Double {
        let n = sorted.count
        let position = Double(n) * quantile - 1
        if position < 0 { return sorted[0] }
        if position >= Double(n - 1) { return sorted[n - 1] }
        let below = position.rounded(.down)
        let lower = sorted[Int(below)], upper = sorted[Int(below) + 1]
        // numpy's lerp at t = ½, written b − (b − a)·½ as numpy evaluates it.
        return position == below ? upper - (upper - lower) * 0.5 : upper
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
