/// Why an air quality index could not be computed from the input (bad input, not an undefined index).
///
/// An index the table does not define for a valid input is not an error: it is a result with a
/// nil value and a reason.
public enum AirQualityIndexError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownPollutant(String)
    case unknownAveraging(String)
    /// The scale has no table for this pollutant and averaging period.
    case unsupportedAveraging(scale: String, pollutant: AirPollutant, averaging: AveragingPeriod, supported: [AveragingPeriod])
    case negativeConcentration(Double)
    case notANumber(String)
    /// The unit cannot be converted into the one the table uses.
    case unitMismatch(unit: String, pollutant: AirPollutant, expected: String, accepted: [String])
    case aqiOutOfRange(Int)
    case pollutantNotInScale(scale: String, pollutant: AirPollutant)

    public var description: String {
        switch self {
        case .unknownPollutant(let text):
            "Unknown pollutant '\(text)'; use one of: \(AirPollutant.allCases.map(\.rawValue).joined(separator: ", "))."
        case .unknownAveraging(let text):
            "Unknown averaging period '\(text)'; use 1h, 8h or 24h (15min for SO2 on the UK DAQI)."
        case let .unsupportedAveraging(scale, pollutant, averaging, supported):
            "The \(scale) index defines \(pollutant.displayName) for \(supported.map(\.rawValue).joined(separator: " and ")) averages, "
                + "not \(averaging.rawValue)\(pollutant == .pm25 || pollutant == .pm10 ? "; for hourly PM use the NowCast" : "")."
        case .negativeConcentration(let value):
            "Concentration \(value) is negative; concentrations are zero or more."
        case .notANumber(let text):
            "'\(text)' is not a number; give the concentration as a plain decimal (e.g. 35.5)."
        case let .unitMismatch(unit, pollutant, expected, accepted):
            "Unit '\(unit)' does not apply to \(pollutant.displayName) (the table is in \(expected)); use one of: "
                + "\(accepted.joined(separator: ", "))."
        case .aqiOutOfRange(let value):
            "AQI \(value) is outside the scale's 0…500."
        case let .pollutantNotInScale(scale, pollutant):
            "The \(scale) index has no table for \(pollutant.displayName)."
        }
    }
}
