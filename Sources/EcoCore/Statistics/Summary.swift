/// Distribution summary of a set of values: count, min, quartiles, median, max, mean and
/// sample standard deviation. Quantiles interpolate linearly between order statistics
/// (Hyndman & Fan type 7, the default of R and NumPy).
public struct Summary: Sendable, Equatable, Codable {
    public var count: Int
    public var min: Double
    public var q1: Double
    public var median: Double
    public var q3: Double
    public var max: Double
    public var mean: Double
    /// Sample standard deviation (n − 1); nil for a single value.
    public var sd: Double?

    /// The summary of `values`; nil when empty. Sorts a copy.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        var sorted = values
        sorted.sort()
        self.init(sorted: sorted)
    }

    /// The summary of already ascending `sorted` values.
    public init(sorted: [Double]) {
        precondition(!sorted.isEmpty, "Summary needs at least one value")
        count = sorted.count
        min = sorted[0]
        max = sorted[sorted.count - 1]
        q1 = Self.quantile(sorted, 0.25)
        median = Self.quantile(sorted, 0.5)
        q3 = Self.quantile(sorted, 0.75)
        let total = sorted.reduce(0, +)
        mean = total / Double(count)
        if count > 1 {
            let m = mean
            sd = (sorted.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(count - 1)).squareRoot()
        }
    }

    /// Type-7 quantile of ascending values, `p` in 0…1.
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}

extension Summary: JSONWritable {
    /// The same JSON as the `Encodable` form, written by hand (a year of buckets has 366 of these).
    public func writeJSON(to writer: JSONByteWriter) {
        let object = writer.beginObject()
        writer.field("count", in: object); writer.number(count)
        writer.field("min", in: object); writer.number(min)
        writer.field("q1", in: object); writer.number(q1)
        writer.field("median", in: object); writer.number(median)
        writer.field("q3", in: object); writer.number(q3)
        writer.field("max", in: object); writer.number(max)
        writer.field("mean", in: object); writer.number(mean)
        if let sd { writer.field("sd", in: object); writer.number(sd) }
        writer.end(object)
    }
}
