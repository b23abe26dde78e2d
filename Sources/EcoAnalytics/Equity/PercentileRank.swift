/// Percentile ranks as EJScreen reports them: the percentage of values less than or equal to a value
/// (EJScreen Technical Documentation, US EPA, October 2022, §4 "What a Percentile Means": the share of the
/// comparison set with an equal or lower value). This is `scipy.stats.percentileofscore(…, kind="weak")`;
/// tied values share the highest rank of the tie. Each value counts once (EJScreen weights block groups by
/// population; cells here are unweighted).
public struct PercentileRank: Sendable {
    /// The comparison values, sorted.
    public let sorted: [Double]

    /// The ranks among `values` (finite values only; others are dropped).
    public init(_ values: some Sequence<Double>) {
        sorted = values.filter(\.isFinite).sorted()
    }

    /// 100 × (count of comparison values ≤ `value`) / count, from 0 to 100; nil without comparison values.
    public func percentile(of value: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        // Binary search for the first element greater than `value`.
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return 100 * Double(low) / Double(sorted.count)
    }
}
