/// A series on a regular time grid, ready for fitting: no missing values, clipped to the valid range.
struct PreparedSeries: Sendable {
    /// The grid of `values`; slot 0 is `values[0]`.
    var grid: TimeGrid
    var values: [Double]
    var report: PreparationReport

    /// Time of the `index`-th point after the last one (index 1 is the first future step).
    func futureTime(_ index: Int) -> Int64 { grid.time(ofSlot: values.count - 1 + index) }

    /// Regularizes raw observations to the inferred step.
    ///
    /// - Rows with a NaN value count as missing. Timestamps need not be sorted.
    /// - The step is the median of positive differences between consecutive distinct times (missing rows included).
    /// - Each observation goes to the nearest grid point from the first time; several in one point are averaged.
    /// - Leading and trailing missing points are dropped; inner gaps are filled by linear interpolation.
    /// - Values outside `validRange` are clipped into it.
    static func prepare(
        timestamps: [Int64], values: [Double], validRange: ClosedRange<Double>?
    ) throws(ForecastError) -> PreparedSeries {
        guard timestamps.count == values.count else {
            throw .lengthMismatch(timestamps: timestamps.count, values: values.count)
        }
        var observations: [(time: Int64, value: Double)] = []
        observations.reserveCapacity(values.count)
        var clipped = 0
        for (time, value) in zip(timestamps, values) where value.isFinite {
            var value = value
            if let range = validRange, !range.contains(value) {
                value = min(max(value, range.lowerBound), range.upperBound)
                clipped += 1
            }
            observations.append((time, value))
        }
        guard !observations.isEmpty else { throw .tooFewObservations(count: 0, minimum: 1) }
        observations.sort { $0.time < $1.time }

        // Rows with missing values still tell the spacing of the data.
        let grid = TimeGrid(startMs: observations[0].time, medianStepMs: inferStep(timestamps.sorted()))
        let slots = grid.slot(of: observations[observations.count - 1].time) + 1
        var sums = [Double](repeating: 0, count: slots)
        var counts = [Int](repeating: 0, count: slots)
        for observation in observations {
            let slot = grid.slot(of: observation.time)
            sums[slot] += observation.value
            counts[slot] += 1
        }
        var regular = [Double](repeating: .nan, count: slots)
        var duplicates = 0
        for slot in 0..<slots where counts[slot] > 0 {
            regular[slot] = sums[slot] / Double(counts[slot])
            duplicates += counts[slot] - 1
        }
        let gaps = fillGaps(&regular)
        let constant = regular.allSatisfy { $0 == regular[0] }
        let report = PreparationReport(
            inputCount: values.count, fittedCount: regular.count, duplicatesMerged: duplicates, gapsFilled: gaps,
            valuesClipped: clipped, constant: constant)
        return PreparedSeries(grid: grid, values: regular, report: report)
    }

    /// Median positive spacing of sorted times; one day when there is a single distinct time.
    static func inferStep(_ sortedTimes: [Int64]) -> Int64 {
        var differences: [Int64] = []
        differences.reserveCapacity(sortedTimes.count)
        for index in sortedTimes.indices.dropFirst() {
            let difference = sortedTimes[index] - sortedTimes[index - 1]
            if difference > 0 { differences.append(difference) }
        }
        guard !differences.isEmpty else { return 86_400_000 }
        differences.sort()
        return differences[differences.count / 2]
    }

    /// Linear interpolation across inner NaN runs (the ends are never NaN here); returns how many points were filled.
    static func fillGaps(_ values: inout [Double]) -> Int {
        var filled = 0
        var lastKnown = 0
        for index in values.indices where !values[index].isNaN {
            let gap = index - lastKnown - 1
            if gap > 0 {
                let from = values[lastKnown]
                let slope = (values[index] - from) / Double(gap + 1)
                for offset in 1...gap { values[lastKnown + offset] = from + slope * Double(offset) }
                filled += gap
            }
            lastKnown = index
        }
        return filled
    }
}
