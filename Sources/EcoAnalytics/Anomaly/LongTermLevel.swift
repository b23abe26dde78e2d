import Foundation

/// The series' long-term level (exponential smoothing with a time constant of days) and the robust scale of
/// the values around it: a value far from it is at a level the series does not usually visit, even when the
/// short-term baseline has already followed it there.
struct LongTermLevel: Codable, Sendable, Equatable {
    /// Time constant of the level, ms (8 days).
    static let timeConstantMs = 8.0 * 86_400_000
    var level = 0.0
    /// Mean absolute deviation from the level (clipped at 3 σ once 20 points were seen).
    var meanAbsoluteDeviation = 0.0
    var count = 0
    /// The latest deviations from the level (robust σ), newest last, at most 3: the test uses their median,
    /// so one spike is the point test's business and only a value that stays away is a level shift.
    var recentDeviations: [Double] = []

    /// The median of the latest deviations including `deviation` (the first ones: as many as there are).
    func medianDeviation(adding deviation: Double) -> Double {
        // Without allocating: this runs for every scored point.
        let count = recentDeviations.count
        guard count > 0 else { return deviation }
        let last = recentDeviations[count - 1]
        guard count > 1 else { return (last + deviation) / 2 }
        let before = recentDeviations[count - 2]
        return max(min(before, last), min(max(before, last), deviation))
    }

    mutating func remember(_ deviation: Double) {
        recentDeviations.append(deviation)
        if recentDeviations.count > 3 { recentDeviations.removeFirst() }
    }

    /// (value − level) / σ, or nil before the first value.
    func deviation(of value: Double, minimumStd: Double) -> Double? {
        guard count > 0 else { return nil }
        return (value - level) / max(1.2533141373155 * meanAbsoluteDeviation, minimumStd)
    }

    /// Learns `value`, `elapsedMs` after the previous one.
    mutating func learn(_ value: Double, elapsedMs: Double, minimumStd: Double) {
        guard count > 0 else {
            level = value
            count = 1
            return
        }
        let std = max(1.2533141373155 * meanAbsoluteDeviation, minimumStd)
        let limit = count > 20 ? 3 * std : .infinity
        let error = min(max(value - level, -limit), limit)
        level += max(1 - exp(-elapsedMs / Self.timeConstantMs), 1 / Double(count + 1)) * error
        meanAbsoluteDeviation += max(0.005, 1 / Double(count + 1)) * (abs(error) - meanAbsoluteDeviation)
        count = min(count + 1, 1_000_000)
    }

    /// Moves the level by `deviation` robust σ (a level shift was confirmed) and returns the new level.
    mutating func shift(by deviation: Double, minimumStd: Double) -> Double {
        level += deviation * max(1.2533141373155 * meanAbsoluteDeviation, minimumStd)
        recentDeviations.removeAll()
        return level
    }
}
