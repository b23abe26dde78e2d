/// An index made of concentration bands, one level per band (the EEA and UK indices).
struct BandedIndexTable: Sendable {
    /// The averaging period the bands apply to.
    let averaging: AveragingPeriod
    /// Inclusive upper bound of each level but the last, in the scale's unit.
    let upperBounds: [Double]
    /// The largest concentration the table covers (nil: the last level is open-ended).
    let topLimit: Double?

    /// The 1-based level of `value`, or nil above `topLimit`.
    func level(of value: Double) -> Int? {
        if let topLimit, value > topLimit { return nil }
        return (upperBounds.firstIndex { value <= $0 } ?? upperBounds.count) + 1
    }
}

/// A scale whose readings are rated by ``BandedIndexTable``s with one name per level.
protocol BandedAirQualityIndexScale: AirQualityIndexScale {
    func table(for pollutant: AirPollutant) -> BandedIndexTable?
    /// The name of `level` (1-based).
    func category(ofLevel level: Int) -> String
    /// The concentration as the bands read it (the DAQI rounds to whole µg/m³; the EEA uses it as given).
    func prepared(_ concentration: Double) -> Double
}

extension BandedAirQualityIndexScale {
    public func averagingPeriods(for pollutant: AirPollutant) -> [AveragingPeriod] {
        table(for: pollutant).map { [$0.averaging] } ?? []
    }

    public func unit(for pollutant: AirPollutant) -> String { "µg/m³" }

    public func rate(_ pollutant: AirPollutant, _ averaging: AveragingPeriod, concentration: Double)
        throws(AirQualityIndexError) -> IndexReading
    {
        try validate(pollutant, averaging, concentration)
        guard let table = table(for: pollutant) else { throw .pollutantNotInScale(scale: identifier, pollutant: pollutant) }
        let value = prepared(concentration)
        let level = table.level(of: value)
        let topLevel = table.upperBounds.count + 1
        return IndexReading(
            scale: identifier, pollutant: pollutant, averaging: averaging, concentration: concentration, unit: "µg/m³",
            truncatedConcentration: value, aqi: level, category: category(ofLevel: level ?? topLevel), color: nil,
            reason: level == nil
                ? "\(value) µg/m³ is above the top of the \(identifier) table (\(table.topLimit ?? 0) µg/m³): "
                    + "the index is undefined there; check the measurement." : nil)
    }
}
