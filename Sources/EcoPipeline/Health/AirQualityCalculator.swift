import EcoAnalytics
import EcoCore

/// The AQI calculator of `GET /api/v1/health/aqi`, as AirNow's: one concentration to its index, or
/// (with `aqi`) one US EPA AQI value to the concentrations that give it. No I/O.
///
/// Parameters: `pollutant` (pm25, pm10, o3, co, so2, no2), `averaging` (1h, 8h, 24h; 15min for SO2 on the
/// UK DAQI), then either `concentration` (≥ 0, in `unit` or the scale's unit) or `aqi` (0–500, US EPA only);
/// `scale` us-epa-2024 (default), eea-eaqi or uk-daqi.
public enum AirQualityCalculator {
    /// What the calculator answers.
    public enum Answer: Sendable {
        case reading(IndexReadingJSON)
        case range(ConcentrationRangeJSON)
    }

    /// The answer for a request's parameters.
    /// - Throws: `EcoError.badRequest` for a missing or unreadable parameter, `EcoError.invalidArgument` for a
    ///   value the tables refuse (negative concentration, a unit that does not apply, a period the scale lacks).
    public static func answer(_ parameters: QueryParameters) throws -> Answer {
        let scale = try scale(parameters)
        let pollutantText = try parameters.required("pollutant", example: "pm25")
        let pollutant = try indexCall { () throws(AirQualityIndexError) in try AirPollutant(parsing: pollutantText) }
        let averagingText = try parameters.required("averaging", example: scale.averagingPeriods(for: pollutant).first?.rawValue ?? "24h")
        let averaging = try indexCall { () throws(AirQualityIndexError) in try AveragingPeriod(parsing: averagingText) }
        switch (parameters.string("concentration"), parameters.string("aqi")) {
        case (nil, nil):
            throw EcoError.badRequest("Give 'concentration' (e.g. concentration=35.5) for its AQI, or 'aqi' (e.g. aqi=100) for the concentrations of that AQI.")
        case (_?, _?):
            throw EcoError.badRequest("Give 'concentration' or 'aqi', not both: the calculator answers one direction at a time.")
        case let (text?, nil):
            guard let value = Double(text) else { throw AirQualityIndexError.notANumber(text).ecoError }
            let reading = PollutantReading(pollutant: pollutant, averaging: averaging, concentration: value, unit: parameters.string("unit"))
            return .reading(IndexReadingJSON(try indexCall { () throws(AirQualityIndexError) in try scale.rate(reading) }))
        case let (nil, text?):
            guard let epa = scale as? EPAAirQualityIndex else {
                throw EcoError.badRequest("The reverse calculation ('aqi') is for the US EPA scale only; leave out 'scale' or use scale=us-epa-2024.")
            }
            guard let aqi = Int(text) else { throw EcoError.badRequest("'aqi' must be a whole number from 0 to 500; got '\(text)'.") }
            let range = try indexCall { () throws(AirQualityIndexError) in
                try epa.concentrationRange(forAQI: aqi, pollutant: pollutant, averaging: averaging)
            }
            return .range(ConcentrationRangeJSON(range, scale: epa.identifier))
        }
    }

    /// The scale named by `scale` (default US EPA).
    static func scale(_ parameters: QueryParameters) throws -> any AirQualityIndexScale {
        guard let name = parameters.string("scale") else { return EPAAirQualityIndex() }
        guard let scale = AirQualityIndexScales.named(name) else {
            throw EcoError.badRequest(
                "'scale' must be one of \(AirQualityIndexScales.all.map(\.identifier).joined(separator: ", ")); got '\(name)'.")
        }
        return scale
    }
}
