import EcoAnalytics
import EcoCore

/// The US EPA AQI of a cell's mean concentration, for the `aqi` properties of the cells GeoJSON
/// (`GET /api/v1/cells?variable=pm25&format=geojson`), so a map can colour cells by it.
///
/// The mean over the request's window is rated on every Table 6 averaging period of the pollutant and the
/// results combined as for several pollutants (O3: 8-hour and 1-hour; SO2: 1-hour and 24-hour): an indicative
/// AQI, exact only when the window is the averaging period (a 24-hour window for PM). `GET
/// /api/v1/health/air-quality` applies the averaging rules properly.
public enum CellMeanAQI {
    /// `aqi` (number or null), `aqiCategory`, `aqiColor` and `aqiReason` for `mean` (in the variable's canonical
    /// unit); empty when the variable is not a pollutant of the EPA tables or the mean is not a concentration.
    public static func properties(variable: Variable, mean: Double) -> [String: JSONValue] {
        guard let pollutant = AirPollutant(rawValue: variable.name), mean.isFinite, mean >= 0 else { return [:] }
        let scale = EPAAirQualityIndex()
        guard let readings = try? scale.averagingPeriods(for: pollutant).map({ (period) throws(AirQualityIndexError) in
            try scale.rate(PollutantReading(pollutant: pollutant, averaging: period, concentration: mean, unit: variable.unit))
        }) else { return [:] }
        let overall = scale.overall(readings)
        var properties: [String: JSONValue] = [
            "aqi": overall.aqi.map { .number(Double($0)) } ?? .null,
            "aqiCategory": overall.category.map(JSONValue.string) ?? .null,
            "aqiColor": overall.color.map(JSONValue.string) ?? .null,
        ]
        if let reason = overall.reason { properties["aqiReason"] = .string(reason) }
        return properties
    }
}
