/// The EPA NowCast: a weighted average of recent hourly concentrations that stands in for the daily
/// average in real-time AQI reporting.
///
/// With c₁ the most recent hour, w* = min/max over the window and w the weight factor,
/// NowCast = Σ wⁱ⁻¹·cᵢ / Σ wⁱ⁻¹ over the valid hours (missing hours drop out of both sums).
/// - PM2.5 and PM10: the last 12 hours, w = max(w*, 0.5) (TAD 2024 §IV "How the NowCast is calculated",
///   p. 16–17; EPA fact sheet "PM NowCast").
/// - O3: the last 8 hours, w = w* with no minimum (AirNow-Tech, "AirNow Updates to Ozone Real-time
///   Reporting and Daily Reporting", 21 April 2016, which also gives the worked example in our tests).
/// Both need at least 2 of the 3 most recent hours. The result is not truncated: the AQI step truncates it.
public enum NowCast {
    /// A NowCast concentration, or why there is none.
    public struct Result: Codable, Sendable, Equatable {
        /// The NowCast in the unit of the hourly values; nil when the completeness rule fails.
        public var concentration: Double?
        public var weightFactor: Double?
        /// Valid hours in the window.
        public var hoursUsed: Int
        public var reason: String?
    }

    /// Hours in the window and the weight factor's lower bound for `pollutant`; nil for gases without a NowCast.
    public static func rule(for pollutant: AirPollutant) -> (hours: Int, minimumWeight: Double)? {
        switch pollutant {
        case .pm25, .pm10: (12, 0.5)
        case .o3: (8, 0)
        case .co, .so2, .no2: nil
        }
    }

    /// The NowCast of hourly averages given oldest first (nil: a missing hour); only the last hours of the window count.
    /// - Throws: ``AirQualityIndexError/pollutantNotInScale(scale:pollutant:)`` for CO, SO2 and NO2 (no NowCast),
    ///   ``AirQualityIndexError/negativeConcentration(_:)`` for a negative hour.
    public static func compute(_ pollutant: AirPollutant, hourly: [Double?]) throws(AirQualityIndexError) -> Result {
        guard let rule = rule(for: pollutant) else { throw .pollutantNotInScale(scale: "NowCast", pollutant: pollutant) }
        let window = Array(hourly.suffix(rule.hours).reversed())  // window[0] is the most recent hour
        for case let value? in window where !(value >= 0) { throw .negativeConcentration(value) }
        let recentValid = window.prefix(3).compactMap { $0 }.count
        let valid = window.compactMap { $0 }
        guard recentValid >= 2, let low = valid.min(), let high = valid.max() else {
            return Result(
                concentration: nil, weightFactor: nil, hoursUsed: valid.count,
                reason: "The NowCast needs at least 2 of the 3 most recent hours; \(recentValid) of them are valid.")
        }
        let weight = high > 0 ? max(low / high, rule.minimumWeight) : 1
        var numerator = 0.0
        var denominator = 0.0
        var factor = 1.0
        for value in window {
            if let value {
                numerator += factor * value
                denominator += factor
            }
            factor *= weight
        }
        return Result(concentration: numerator / denominator, weightFactor: weight, hoursUsed: valid.count, reason: nil)
    }
}

extension EPAAirQualityIndex {
    /// The real-time AQI of hourly averages (oldest first, in `unit` or the EPA unit): the NowCast rated on the
    /// 24-hour PM table or the 8-hour O3 table.
    public func nowCastAQI(_ pollutant: AirPollutant, hourly: [Double?], unit: String? = nil)
        throws(AirQualityIndexError) -> (nowCast: NowCast.Result, reading: IndexReading?)
    {
        let conversion = try PollutantUnits.conversion(from: unit, to: pollutant.epaUnit, pollutant: pollutant)
        let nowCast = try NowCast.compute(pollutant, hourly: hourly.map { $0.map(conversion.apply) })
        guard let concentration = nowCast.concentration else { return (nowCast, nil) }
        let averaging: AveragingPeriod = pollutant == .o3 ? .eightHour : .twentyFourHour
        return (nowCast, try rate(pollutant, averaging, concentration: concentration))
    }
}
