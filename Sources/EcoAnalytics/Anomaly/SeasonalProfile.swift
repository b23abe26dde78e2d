/// A learned cyclic profile: one offset per slot, read and updated with linear interpolation between
/// neighbouring slot centres so a smooth cycle has no steps. Slot i is centred at i slot widths into the
/// cycle, so regularly sampled series whose points fall on round times hit slot centres exactly and a
/// sharp daily edge stays sharp.
struct SeasonalProfile: Codable, Sendable, Equatable {
    /// Length of the cycle, ms.
    var periodMs: Int64
    /// Offset of each slot from the level, in the series' unit.
    var offsets: [Double]
    /// How much each slot has been trained (sum of interpolation weights); 0 means never seen.
    var weights: [Double]

    init(periodMs: Int64, slotCount: Int) {
        self.periodMs = periodMs
        offsets = Array(repeating: 0, count: slotCount)
        weights = Array(repeating: 0, count: slotCount)
    }

    /// Slots per day for a series sampled every `intervalMs`: the finest of 288 (5 min), 144, 96, 48
    /// and 24 (1 h) that is no finer than the sampling, so each slot sees about one point per cycle or more.
    static func dailySlotCount(intervalMs: Double) -> Int {
        for count in [288, 144, 96, 48] where 86_400_000 / Double(count) >= intervalMs * 0.9 { return count }
        return 24
    }

    /// The two slots around a time and the weight of the second one.
    typealias Slots = (first: Int, second: Int, fraction: Double)

    /// The two slots around `timeMs` and the weight of the second one. (One integer division, not four:
    /// this runs several times for every point scored.)
    func slots(atMs timeMs: Int64) -> Slots {
        let count = offsets.count
        var phaseMs = timeMs % periodMs
        if phaseMs < 0 { phaseMs += periodMs }
        let position = Double(phaseMs) * Double(count) / Double(periodMs)
        let floorPosition = position.rounded(.down)
        var first = Int(floorPosition)
        if first >= count { first -= count }
        return (first, first + 1 == count ? 0 : first + 1, position - floorPosition)
    }

    /// The offset at `timeMs`, or nil when neither neighbouring slot has been seen.
    func offset(atMs timeMs: Int64) -> Double? { offset(at: slots(atMs: timeMs)) }

    /// The offset between two slots (``slots(atMs:)``), or nil when neither has been seen.
    func offset(at slots: Slots) -> Double? {
        let (first, second, fraction) = slots
        let weightFirst = weights[first] > 0 ? 1 - fraction : 0
        let weightSecond = weights[second] > 0 ? fraction : 0
        let total = weightFirst + weightSecond
        guard total > 0 else { return nil }
        return (weightFirst * offsets[first] + weightSecond * offsets[second]) / total
    }

    /// Moves the interpolated offset at `timeMs` towards `target` by `rate`; a slot's first visits average
    /// their targets (a running mean until it has been seen 1/`rate` times), so one noisy visit does not set it.
    mutating func learn(target: Double, atMs timeMs: Int64, rate: Double) {
        let slots = slots(atMs: timeMs)
        learn(target: target, at: slots, current: offset(at: slots), rate: rate)
    }

    /// ``learn(target:atMs:rate:)`` with the slots and their `current` offset (``offset(at:)``) already found.
    mutating func learn(target: Double, at slots: Slots, current: Double?, rate: Double) {
        let (first, second, fraction) = slots
        // One slot after the other, without an array of the two (this runs for every point scored).
        learn(slot: first, weight: 1 - fraction, target: target, current: current, rate: rate)
        learn(slot: second, weight: fraction, target: target, current: current, rate: rate)
    }

    private mutating func learn(slot: Int, weight: Double, target: Double, current: Double?, rate: Double) {
        guard weight > 1e-9 else { return }
        if weights[slot] == 0 || current == nil {
            offsets[slot] = target
        } else if let current {
            let slotRate = max(rate, weight / (weights[slot] + weight))
            offsets[slot] += slotRate * weight * (target - current)
        }
        weights[slot] += weight
    }
}
