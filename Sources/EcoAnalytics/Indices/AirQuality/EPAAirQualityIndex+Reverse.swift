/// The concentrations that give one AQI value: the reverse of ``EPAAirQualityIndex``.
public struct AQIConcentrationRange: Codable, Sendable, Equatable {
    public var pollutant: AirPollutant
    public var averaging: AveragingPeriod
    public var aqi: Int
    public var unit: String
    /// Lowest truncated concentration whose AQI is `aqi`; nil when none is.
    public var low: Double?
    /// Highest truncated concentration whose AQI is `aqi`; any raw value below `high` + one truncation step
    /// (e.g. 35.49 for 35.4 µg/m³) truncates into the range.
    public var high: Double?
    public var category: String
    public var color: String
    /// Why there is no range.
    public var reason: String?
}

extension EPAAirQualityIndex {
    /// The truncated concentrations (in the EPA unit) whose AQI is exactly `aqi`.
    ///
    /// Some AQI values are reached by no truncated concentration where the table rises by more than one
    /// AQI point per step (1-hour SO2 below 35 ppb: 1 ppb is AQI 1, 2 ppb is AQI 3); those, and AQI values
    /// the averaging period does not define (8-hour O3 above 300), come back with a nil range and a reason.
    /// - Throws: ``AirQualityIndexError/aqiOutOfRange(_:)`` outside 0…500, or an averaging period Table 6 lacks.
    public func concentrationRange(forAQI aqi: Int, pollutant: AirPollutant, averaging: AveragingPeriod)
        throws(AirQualityIndexError) -> AQIConcentrationRange
    {
        guard (0...500).contains(aqi) else { throw .aqiOutOfRange(aqi) }
        try validate(pollutant, averaging, 0)
        guard let table = EPABreakpoints.table(pollutant, averaging) else {
            throw .unsupportedAveraging(scale: identifier, pollutant: pollutant, averaging: averaging, supported: [])
        }
        let category = AQICategory(aqi: aqi)
        var result = AQIConcentrationRange(
            pollutant: pollutant, averaging: averaging, aqi: aqi, unit: pollutant.epaUnit, low: nil, high: nil,
            category: category.name, color: category.color, reason: nil)
        guard let row = table.rows.first(where: { $0.indexLow <= aqi && aqi <= $0.indexHigh }) else {
            let firstIndex = table.rows.first?.indexLow ?? 0
            result.reason = aqi < firstIndex ? table.belowTable : table.aboveTable
            return result
        }
        let matching = (row.low...row.high).filter { Self.interpolate($0, in: row) == aqi }
        guard let low = matching.first, let high = matching.last else {
            let below = (row.low...row.high).last { Self.interpolate($0, in: row) < aqi } ?? row.low
            result.reason =
                "No truncated concentration gives AQI \(aqi) exactly: \(Self.format(steps: below, decimals: table.decimals)) "
                + "\(pollutant.epaUnit) gives \(Self.interpolate(below, in: row)) and the next step gives "
                + "\(Self.interpolate(below + 1, in: row))."
            return result
        }
        result.low = Double(low) / Double(table.stepsPerUnit)
        result.high = Double(high) / Double(table.stepsPerUnit)
        return result
    }
}
