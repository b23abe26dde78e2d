import EcoCore

/// Outlier rules for a supplier's period totals.
public enum RobustStatistics {
    /// Tukey's fences: values below Q1 − k·IQR or above Q3 + k·IQR (quartiles of type 7, k = 1.5 by default).
    public static func iqrFences(_ values: [Double], k: Double = 1.5) -> ClosedRange<Double>? {
        guard values.count >= 4, let summary = Summary(values) else { return nil }
        let iqr = summary.q3 - summary.q1
        return (summary.q1 - k * iqr)...(summary.q3 + k * iqr)
    }

    /// Modified z-scores of Iglewicz & Hoaglin (1993): 0.6745 (x − median) / MAD. When the MAD is 0,
    /// the mean absolute deviation scaled by 1.253314 stands in (as IBM SPSS does); all 0 when both are 0.
    public static func robustZ(_ values: [Double]) -> [Double] {
        guard values.count >= 3 else { return values.map { _ in 0 } }
        let sorted = values.sorted()
        let median = Summary.quantile(sorted, 0.5)
        let deviations = values.map { abs($0 - median) }.sorted()
        let mad = Summary.quantile(deviations, 0.5)
        if mad > 0 { return values.map { 0.6745 * ($0 - median) / mad } }
        let meanAD = deviations.reduce(0, +) / Double(deviations.count)
        guard meanAD > 0 else { return values.map { _ in 0 } }
        return values.map { ($0 - median) / (1.253314 * meanAD) }
    }

    /// The median of `values` (nil when empty).
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return Summary.quantile(values.sorted(), 0.5)
    }
}
