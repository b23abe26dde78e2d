/// Ways a forecast request can fail; each message says how to fix it.
public enum ForecastError: Error, Equatable, Sendable {
    case invalidHorizon(Int)
    case invalidLevel(Double)
    case invalidSeasonLength(Int)
    case lengthMismatch(timestamps: Int, values: Int)
    /// Fewer than `minimum` non-missing values.
    case tooFewObservations(count: Int, minimum: Int)
    /// A CSV line could not be read.
    case malformedLine(line: Int, reason: String)
}

extension ForecastError: CustomStringConvertible {
    /// A sentence that says what was wrong and how to fix it.
    public var description: String {
        switch self {
        case .invalidHorizon(let horizon):
            "Horizon \(horizon) is not allowed: ask for at least 1 step."
        case .invalidLevel(let level):
            "Interval level \(level) is not allowed: give a percentage strictly between 0 and 100, e.g. 80 or 95."
        case .invalidSeasonLength(let season):
            "Season length \(season) is not allowed: give 1 for no seasonality or a period of at least 2 steps."
        case .lengthMismatch(let timestamps, let values):
            "Got \(timestamps) timestamps but \(values) values: send one value (or NaN for missing) per timestamp."
        case .tooFewObservations(let count, let minimum):
            "Only \(count) non-missing values: a forecast needs at least \(minimum)."
        case .malformedLine(let line, let reason):
            "Line \(line): \(reason). Expected `timestamp,value` with an RFC 3339 time, a YYYY-MM-DD date or epoch milliseconds."
        }
    }
}
