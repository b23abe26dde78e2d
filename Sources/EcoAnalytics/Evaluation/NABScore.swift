import Foundation

/// The Numenta Anomaly Benchmark score, standard profile, as NAB v1.1 defines it (numenta/NAB,
/// `nab/sweeper.py`; Lavin & Ahmad 2015, "Evaluating Real-time Anomaly Detection Algorithms").
///
/// Detections in the first 15 % of a series (at most 750 rows) are ignored (probation). A window's score
/// is that of its earliest detection, σ(−(right − i + 1)/width) scaled so the left edge scores `tpWeight`,
/// where σ(x) = 2/(1 + e^{5x}) − 1; a window without detection costs `fnWeight`. A detection outside every
/// window costs `fpWeight` × σ(distance past the previous window / (its width − 1)), or the whole
/// `fpWeight` when no window precedes it. Standard weights: tp 1, fn 1, fp 0.11.
public enum NABScore {
    public static let tpWeight = 1.0
    public static let fnWeight = 1.0
    public static let fpWeight = 0.11
    /// Share of each series that is probation (NAB's `probationPercent`).
    public static let probationShare = 0.15

    /// NAB's scaled sigmoid of a position relative to a window's right edge (−1 = left edge, 0 = right edge).
    static func scaledSigmoid(_ position: Double) -> Double {
        position >= 3 ? -1 : 2 / (1 + exp(5 * position)) - 1
    }

    /// Rows of probation for a series of `count` rows: min(⌊0.15 n⌋, 0.15 × 5000).
    static func probationRows(_ count: Int) -> Int {
        min(Int((probationShare * Double(count)).rounded(.down)), Int(probationShare * 5000))
    }

    /// The raw score of detections at row indices `detections` in a series with row times `times` (ascending).
    public static func raw(detections: [Int], times: [Int64], windows: [ClosedRange<Int64>]) -> Double {
        // Row index ranges of the windows, in time order; a window that holds no row cannot be found.
        let rows: [ClosedRange<Int>?] = windows.sorted { $0.lowerBound < $1.lowerBound }.map { window in
            guard let left = times.firstIndex(where: { $0 >= window.lowerBound }),
                let right = times.lastIndex(where: { $0 <= window.upperBound }), left <= right
            else { return nil }
            return left...right
        }
        let maxTP = scaledSigmoid(-1)
        var best: [Double?] = Array(repeating: nil, count: rows.count)
        var falsePositives = 0.0
        let probation = probationRows(times.count)
        for index in detections where index >= probation {
            if let window = rows.firstIndex(where: { $0?.contains(index) == true }), let range = rows[window] {
                let width = Double(range.count)
                let score = scaledSigmoid(-Double(range.upperBound - index + 1) / width) * tpWeight / maxTP
                best[window] = max(best[window] ?? -.infinity, score)
            } else if let previous = rows.last(where: { ($0?.upperBound ?? .max) < index }), let range = previous {
                let position = Double(index - range.upperBound) / Double(max(range.count - 1, 1))
                falsePositives += scaledSigmoid(position) * fpWeight
            } else {
                falsePositives -= fpWeight
            }
        }
        return falsePositives + best.reduce(0) { $0 + ($1 ?? -fnWeight) }
    }

    /// 100 × (raw − null) / (perfect − null), with null = −fnWeight and perfect = tpWeight per window.
    public static func normalised(raw: Double, windowCount: Int) -> Double {
        guard windowCount > 0 else { return 0 }
        let null = -fnWeight * Double(windowCount)
        let perfect = tpWeight * Double(windowCount)
        return 100 * (raw - null) / (perfect - null)
    }
}
