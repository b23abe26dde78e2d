/// The simple baseline of the real-data evaluation: flags a value more than `threshold` standard
/// deviations from the mean of the previous `window` values (no seasonality, no robust scale).
public struct RollingZScore: Sendable {
    public var window: Int
    public var threshold: Double

    public init(window: Int = 288, threshold: Double = 4) {
        self.window = window
        self.threshold = threshold
    }

    /// One flag per point; missing points and the first `window / 2` values are never flagged.
    public func flags(_ points: [(timeMs: Int64, value: Double?)]) -> [Bool] {
        var recent: [Double] = []
        recent.reserveCapacity(window)
        var next = 0
        return points.map { point in
            guard let value = point.value, value.isFinite else { return false }
            var flagged = false
            if recent.count >= window / 2 {
                // Two passes over the window: sums of squares lose everything on values like 10⁸ bytes.
                let mean = recent.reduce(0, +) / Double(recent.count)
                let std = (recent.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(recent.count)).squareRoot()
                flagged = std > 0 ? abs(value - mean) > threshold * std : value != mean
            }
            if recent.count < window {
                recent.append(value)
            } else {
                recent[next] = value
                next = (next + 1) % window
            }
            return flagged
        }
    }
}
