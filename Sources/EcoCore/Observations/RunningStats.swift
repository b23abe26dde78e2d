/// Count, sum, min, max and sum of squares: everything mean and standard deviation need,
/// and mergeable across buckets and series.
public struct RunningStats: Sendable, Equatable {
    public var count: Int = 0
    public var sum: Double = 0
    public var min: Double = .infinity
    public var max: Double = -.infinity
    public var sumOfSquares: Double = 0

    public init() {}

    public init(count: Int, sum: Double, min: Double, max: Double, sumOfSquares: Double) {
        self.count = count
        self.sum = sum
        self.min = min
        self.max = max
        self.sumOfSquares = sumOfSquares
    }

    public mutating func add(_ value: Double) {
        count += 1
        sum += value
        min = Swift.min(min, value)
        max = Swift.max(max, value)
        sumOfSquares += value * value
    }

    public mutating func merge(_ other: RunningStats) {
        count += other.count
        sum += other.sum
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        sumOfSquares += other.sumOfSquares
    }

    public var mean: Double? { count > 0 ? sum / Double(count) : nil }

    /// Sample standard deviation (n − 1); nil below two values.
    public var standardDeviation: Double? {
        guard count > 1 else { return nil }
        let n = Double(count)
        let variance = (sumOfSquares - sum * sum / n) / (n - 1)
        return variance > 0 ? variance.squareRoot() : 0
    }
}
