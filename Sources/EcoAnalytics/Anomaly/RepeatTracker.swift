/// Finds stuck or flat-lined sensors: a run of (near-)repeated values far longer than any run of its kind
/// the series has shown before.
///
/// A step is quiet when |Δvalue| ≤ max(`stuckTolerance`, `flatLineRatio` × the usual |Δvalue|), so exact
/// repeats and a flat line with jitter both count. The detector learns the longest quiet run of the series
/// (slowly forgotten) and calls a run stuck once it is `stuckRunFactor` times longer: a flat night on a
/// server metric or a sensor's resolution repeating a value is a habit, not a fault. A run already under way
/// during warm-up is a habit too (a series that has never changed is constant, not stuck), and a run at the lowest
/// value the series has taken is the series at rest (an idle server at 0, an empty road), not a stuck sensor.
struct RepeatTracker: Codable, Sendable, Equatable {
    /// Long-run mean |Δvalue| between consecutive points (learned on normal points only).
    var typicalStep = 0.0
    var observed = 0
    /// Quiet steps in the current run (0 when the last step was not quiet).
    var run = 0
    /// Whether the current run began during warm-up (then it is never stuck).
    var runBeganWarming = false
    /// Longest quiet run seen, decaying by `forgetting` per point.
    var longestRun = 0.0
    /// Lowest value seen (normal points only, so a sensor stuck below everything it ever read is still stuck).
    var lowest: Double?
    /// Whether the current run sits at `lowest` (decided when it began).
    var runAtFloor = false

    /// Share of the longest run forgotten per point (half-life ≈ 7,000 points).
    static let forgetting = 1e-4

    /// How suspicious the current run is.
    enum Verdict {
        case normal
        /// Longer than any habit so far (half the stuck limit): the point neither trains the model nor alarms.
        case suspicious
        case stuck
    }

    /// Records `value` and judges the run it belongs to.
    mutating func observe(value: Double, previous: Double?, warming: Bool, configuration: DetectorConfiguration) -> Verdict {
        guard let previous, let minimum = configuration.stuckMinimumRepeats else { return .normal }
        let step = abs(value - previous)
        let quietStep = max(configuration.stuckTolerance, (configuration.flatLineRatio ?? 0) * typicalStep)
        let exempt = configuration.stuckExemptValue.map { abs(value - $0) <= quietStep } ?? false
        longestRun *= 1 - Self.forgetting
        if step <= quietStep, !exempt {
            if run == 0 {
                runBeganWarming = warming
                runAtFloor = lowest.map { previous <= $0 + quietStep } ?? false
            }
            run += 1
        } else {
            longestRun = max(longestRun, Double(run))
            run = 0
        }
        if warming || runBeganWarming { longestRun = max(longestRun, Double(run)) }
        let limit = max(Double(minimum), configuration.stuckRunFactor * longestRun)
        let verdict: Verdict
        // A run at the floor is the series at rest: never stuck, but its long runs still neither train the model
        // (a long run of repeats would shrink the scale to nothing) nor alarm.
        let resting = configuration.floorRunsAreRest && runAtFloor
        if run == 0 || warming || runBeganWarming {
            verdict = .normal
        } else if Double(run) >= limit {
            verdict = resting ? .suspicious : .stuck
        } else if run >= 2, Double(run) > limit / 2 {
            verdict = .suspicious
        } else {
            verdict = .normal
        }
        if verdict == .normal {
            lowest = min(lowest ?? value, value)
            typicalStep += max(0.005, 1 / Double(observed + 2)) * (step - typicalStep)
            observed = min(observed + 1, 1_000_000)
        }
        return verdict
    }
}
