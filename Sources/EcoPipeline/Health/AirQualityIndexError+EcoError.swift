import EcoAnalytics
import EcoCore

extension AirQualityIndexError {
    /// The same sentence as a typed domain error: a request that cannot be read (unknown pollutant or period,
    /// not a number) is malformed (400); a readable one the tables refuse (negative concentration, a unit
    /// that does not apply, an averaging period the scale lacks) is invalid (422).
    public var ecoError: EcoError {
        switch self {
        case .unknownPollutant, .unknownAveraging, .notANumber: .badRequest(description)
        case .unsupportedAveraging, .negativeConcentration, .unitMismatch, .aqiOutOfRange, .pollutantNotInScale: .invalidArgument(description)
        }
    }
}

/// Runs `body`, turning an index error into its ``EcoError``.
func indexCall<T>(_ body: () throws(AirQualityIndexError) -> T) throws(EcoError) -> T {
    do {
        return try body()
    } catch {
        throw error.ecoError
    }
}
