/// A season's value beside the same span of earlier seasons (the place's own climatology): normal = their mean,
/// anomaly = value − normal, percent of normal, and a z-score with the sample standard deviation.
public struct SeasonComparison: Sendable, Equatable, Codable {
    public var value: Double
    /// Earlier seasons compared with.
    public var years: Int
    public var normal: Double?
    public var anomaly: Double?
    public var percentOfNormal: Double?
    public var zScore: Double?
    /// Why the comparison is missing, when it is.
    public var reason: String?

    /// Compares `value` with `past`; with fewer than `minimumYears` values there is no normal, and `reason` says so.
    public init(value: Double, past: [Double], minimumYears: Int) {
        self.value = value
        years = past.count
        guard past.count >= max(minimumYears, 2) else {
            reason = "\(past.count) earlier season(s) with complete data; the climatology needs \(max(minimumYears, 2))."
            return
        }
        let n = Double(past.count)
        let mean = past.reduce(0, +) / n
        let variance = past.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        normal = mean
        anomaly = value - mean
        percentOfNormal = mean > 0 ? 100 * value / mean : nil
        zScore = variance > 0 ? (value - mean) / variance.squareRoot() : nil
    }
}
