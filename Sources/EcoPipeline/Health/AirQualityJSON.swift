import EcoAnalytics

/// An ``IndexReading`` as the API writes it: `aqi`, `category` and `color` always present (null where the
/// scale defines none), `reason` only when there is one; from stored data also how it was averaged
/// (`method` mean or nowcast, `hours`, `hoursWithData`).
public struct IndexReadingJSON: Encodable, Sendable {
    public var reading: IndexReading
    public var basis: (method: String, hours: Int, hoursWithData: Int)?

    public init(_ reading: IndexReading) { self.reading = reading }

    public init(_ hourly: HourlyReading) {
        reading = hourly.reading
        basis = (hourly.method, hourly.hours, hourly.hoursWithData)
    }

    enum Keys: String, CodingKey {
        case scale, pollutant, averaging, concentration, unit, truncatedConcentration, aqi, category, color, reason, method, hours, hoursWithData
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(reading.scale, forKey: .scale)
        try container.encode(reading.pollutant, forKey: .pollutant)
        try container.encode(reading.averaging, forKey: .averaging)
        try container.encode(reading.concentration, forKey: .concentration)
        try container.encode(reading.unit, forKey: .unit)
        try container.encode(reading.truncatedConcentration, forKey: .truncatedConcentration)
        try container.encode(reading.aqi, forKey: .aqi)
        try container.encode(reading.category, forKey: .category)
        try container.encode(reading.color, forKey: .color)
        try container.encodeIfPresent(reading.reason, forKey: .reason)
        if let basis {
            try container.encode(basis.method, forKey: .method)
            try container.encode(basis.hours, forKey: .hours)
            try container.encode(basis.hoursWithData, forKey: .hoursWithData)
        }
    }
}

/// An ``AQIConcentrationRange`` as the API writes it: `low` and `high` null (with a `reason`) where no
/// truncated concentration gives the AQI.
public struct ConcentrationRangeJSON: Encodable, Sendable {
    public var range: AQIConcentrationRange
    public var scale: String

    public init(_ range: AQIConcentrationRange, scale: String) {
        self.range = range
        self.scale = scale
    }

    enum Keys: String, CodingKey { case scale, pollutant, averaging, aqi, unit, low, high, category, color, reason }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(scale, forKey: .scale)
        try container.encode(range.pollutant, forKey: .pollutant)
        try container.encode(range.averaging, forKey: .averaging)
        try container.encode(range.aqi, forKey: .aqi)
        try container.encode(range.unit, forKey: .unit)
        try container.encode(range.low, forKey: .low)
        try container.encode(range.high, forKey: .high)
        try container.encode(range.category, forKey: .category)
        try container.encode(range.color, forKey: .color)
        try container.encodeIfPresent(range.reason, forKey: .reason)
    }
}
