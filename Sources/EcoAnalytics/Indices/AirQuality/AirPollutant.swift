/// A pollutant of the air quality indices, spelled as the API spells it.
public enum AirPollutant: String, Codable, Sendable, CaseIterable {
    case pm25, pm10, o3, co, so2, no2

    /// How people write it: `PM2.5`, `O3` …
    public var displayName: String {
        switch self {
        case .pm25: "PM2.5"
        case .pm10: "PM10"
        case .o3: "O3"
        case .co: "CO"
        case .so2: "SO2"
        case .no2: "NO2"
        }
    }

    /// The unit the US EPA breakpoint table uses for this pollutant (TAD 2024, Table 6, p. 14).
    public var epaUnit: String {
        switch self {
        case .pm25, .pm10: "µg/m³"
        case .o3, .co: "ppm"
        case .so2, .no2: "ppb"
        }
    }

    /// Parses an API spelling, case-insensitively; `pm2.5` and `pm2_5` are accepted for `pm25`.
    public init(parsing text: String) throws(AirQualityIndexError) {
        let key = text.lowercased().replacingOccurrences(of: ".", with: "").replacingOccurrences(of: "_", with: "")
        guard let pollutant = AirPollutant(rawValue: key) else { throw .unknownPollutant(text) }
        self = pollutant
    }
}

/// The averaging period of a concentration.
public enum AveragingPeriod: String, Codable, Sendable, CaseIterable {
    /// The UK DAQI rates SO2 on 15-minute means.
    case fifteenMinute = "15min"
    case oneHour = "1h"
    case eightHour = "8h"
    case twentyFourHour = "24h"

    /// Parses `1h`, `8h`, `24h`, `15min` (also `1`, `8`, `24`, `1-hour` …).
    public init(parsing text: String) throws(AirQualityIndexError) {
        let digits = text.lowercased().prefix { $0.isNumber }
        switch digits {
        case "15": self = .fifteenMinute
        case "1": self = .oneHour
        case "8": self = .eightHour
        case "24": self = .twentyFourHour
        default: throw .unknownAveraging(text)
        }
    }
}
