import EcoAnalytics
import EcoCore

/// An ``IndexReading`` as the API writes it: `aqi`, `category` and `color` always present (null where the
/// scale defines none), `reason` only when there is one; from stored data also how it was averaged
/// (`method` mean or nowcast, `hours`, `hoursWithData`).
public struct IndexReadingJSON: Encodable, Sendable {
    public var scale: String
    public var pollutant: AirPollutant
    public var averaging: AveragingPeriod
    public var concentration: Double
    public var unit: String
    public var truncatedConcentration: Double
    @ExplicitNull public var aqi: Int?
    @ExplicitNull public var category: String?
    @ExplicitNull public var color: String?
    public var reason: String?
    public var method: String?
    public var hours: Int?
    public var hoursWithData: Int?

    public init(_ reading: IndexReading) {
        scale = reading.scale
        pollutant = reading.pollutant
        averaging = reading.averaging
        concentration = reading.concentration
        unit = reading.unit
        truncatedConcentration = reading.truncatedConcentration
        aqi = reading.aqi
        category = reading.category
        color = reading.color
        reason = reading.reason
    }

    public init(_ hourly: HourlyReading) {
        self.init(hourly.reading)
        method = hourly.method
        hours = hourly.hours
        hoursWithData = hourly.hoursWithData
    }
}

/// An ``AQIConcentrationRange`` as the API writes it: `low` and `high` null (with a `reason`) where no
/// truncated concentration gives the AQI.
public struct ConcentrationRangeJSON: Encodable, Sendable {
    public var scale: String
    public var pollutant: AirPollutant
    public var averaging: AveragingPeriod
    public var aqi: Int
    public var unit: String
    @ExplicitNull public var low: Double?
    @ExplicitNull public var high: Double?
    public var category: String
    public var color: String
    public var reason: String?

    public init(_ range: AQIConcentrationRange, scale: String) {
        self.scale = scale
        pollutant = range.pollutant
        averaging = range.averaging
        aqi = range.aqi
        unit = range.unit
        low = range.low
        high = range.high
        category = range.category
        color = range.color
        reason = range.reason
    }
}
