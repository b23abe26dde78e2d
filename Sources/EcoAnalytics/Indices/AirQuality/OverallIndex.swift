/// The index of several readings at one place and time: the highest sub-index, and the pollutants behind it.
public struct OverallIndex: Codable, Sendable, Equatable {
    public var scale: String
    /// The highest defined sub-index; nil when no reading defines one or one is beyond the scale.
    public var aqi: Int?
    public var category: String?
    public var color: String?
    /// The pollutants whose sub-index is the overall one (all of them on a tie), in input order.
    public var dominantPollutants: [AirPollutant]
    /// Every reading, as rated.
    public var readings: [IndexReading]
    public var reason: String?
}

extension AirQualityIndexScale {
    /// Combines rated readings as the TAD prescribes (§IV "How to handle values from multiple pollutants",
    /// p. 15): the reported index is the highest sub-index, and its pollutant is the one responsible. With
    /// both 8-hour and 1-hour O3 the higher of the two counts ("Using both O3 1-hour and 8-hour values").
    ///
    /// A reading beyond the top of its table outranks every number: the overall index is then undefined,
    /// in that reading's category.
    public func overall(_ readings: [IndexReading]) -> OverallIndex {
        var result = OverallIndex(
            scale: identifier, aqi: nil, category: nil, color: nil, dominantPollutants: [], readings: readings, reason: nil)
        let beyond = readings.filter { $0.aqi == nil && $0.category != nil }
        if let first = beyond.first {
            result.category = first.category
            result.color = first.color
            result.dominantPollutants = unique(beyond.map(\.pollutant))
            result.reason = beyond.compactMap(\.reason).joined(separator: " ")
            return result
        }
        guard let highest = readings.compactMap(\.aqi).max() else {
            let reasons = readings.map { "\($0.pollutant.displayName) \($0.averaging.rawValue): \($0.reason ?? "no value")" }
            result.reason = readings.isEmpty ? "No readings." : "No reading defines an index. " + reasons.joined(separator: " ")
            return result
        }
        let dominant = readings.filter { $0.aqi == highest }
        result.aqi = highest
        result.category = dominant[0].category
        result.color = dominant[0].color
        result.dominantPollutants = unique(dominant.map(\.pollutant))
        return result
    }

    private func unique(_ pollutants: [AirPollutant]) -> [AirPollutant] {
        var seen = Set<AirPollutant>()
        return pollutants.filter { seen.insert($0).inserted }
    }
}
