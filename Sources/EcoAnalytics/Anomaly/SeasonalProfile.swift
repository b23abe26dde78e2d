/// A learned cyclic profile: one offset per hourly slot, read and updated with linear
/// interpolation between neighbouring slot centres so a smooth cycle has no hourly steps.
struct SeasonalProfile: Codable, Sendable, Equatable {
    var seasonality: Seasonality
    /// Offset of each slot from the level, in the series' unit.
    var offsets: [Double]
    /// How much each slot has been trained (sum of interpolation weights); 0 means never seen.
    var weights: [Double]

    init(seasonality: Seasonality) {
        self.seasonality = seasonality
        offsets = Array(repeating: 0, count: seasonality.slotCount)
        weights = Array(repeating: 0, count: seasonality.slotCount)
    }

    /// The two slots around `timeMs` and the weight of the second one.
    private func neighbours(atMs timeMs: Int64) -> (first: Int, second: Int, fraction: Double) {
        let period = seasonality.periodMs
        let count = seasonality.slotCount
        let phaseMs = ((timeMs % period) + period) % period
        // Slot i is centred at (i + 0.5) slot widths into the cycle.
        let position = Double(phaseMs) / Double(period / Int64(count)) - 0.5
        let floorPosition = position.rounded(.down)
        let first = (Int(floorPosition) + count) % count
        return (first, (first + 1) % count, position - floorPosition)
    }

    /// The offset at `timeMs`, or nil when neither neighbouring slot has been seen.
    func offset(atMs timeMs: Int64) -> Double? {
        let (first, second, fraction) = neighbours(atMs: timeMs)
        let weightFirst = weights[first] > 0 ? 1 - fraction : 0
        let weightSecond = weights[second] > 0 ? fraction : 0
        let total = weightFirst + weightSecond
        guard total > 0 else { return nil }
        return (weightFirst * offsets[first] + weightSecond * offsets[second]) / total
    }

    /// Moves the interpolated offset at `timeMs` towards `target` by `rate`; unseen slots take `target`.
    mutating func learn(target: Double, atMs timeMs: Int64, rate: Double) {
        let (first, second, fraction) = neighbours(atMs: timeMs)
        let current = offset(atMs: timeMs)
        for (slot, weight) in [(first, 1 - fraction), (second, fraction)] where weight > 0 {
            if weights[slot] == 0 || current == nil {
                offsets[slot] = target
            } else if let current {
                offsets[slot] += rate * weight * (target - current)
            }
            weights[slot] += weight
        }
    }
}
