/// Detector settings for well-known variables: physical valid ranges and a few variable-specific habits.
public enum VariableDetectorDefaults {
    // Ranges are physical plausibility limits (WMO/record extremes rounded outward; EPA AQI tables top
    // out at 500.4 µg/m³ for PM2.5, so 1000 leaves room for wildfire smoke), not alert thresholds.
    private static let ranges: [String: ValidRange] = [
        "temperature_2m": ValidRange(lower: -90, upper: 60),
        "temperature": ValidRange(lower: -90, upper: 60),
        "dew_point_2m": ValidRange(lower: -100, upper: 40),
        "sea_surface_temperature": ValidRange(lower: -3, upper: 40),
        "relative_humidity": ValidRange(lower: 0, upper: 100),
        "relative_humidity_2m": ValidRange(lower: 0, upper: 100),
        "pressure_msl": ValidRange(lower: 850, upper: 1090),
        "wind_speed_10m": ValidRange(lower: 0, upper: 115),
        "precipitation": ValidRange(lower: 0, upper: nil),
        "pm25": ValidRange(lower: 0, upper: 1000),
        "pm10": ValidRange(lower: 0, upper: 2000),
        "no2": ValidRange(lower: 0, upper: 2000),
        "o3": ValidRange(lower: 0, upper: 1000),
        "so2": ValidRange(lower: 0, upper: 2000),
        "co": ValidRange(lower: 0, upper: 100_000),
        "co2": ValidRange(lower: 150, upper: 10_000),
        "co2e": ValidRange(lower: 0, upper: nil),
    ]

    /// Names with built-in settings.
    public static var knownVariables: [String] { ranges.keys.sorted() }

    /// The configuration for `variable` (nil or unknown: the generic defaults, no valid range).
    public static func configuration(forVariable variable: String?) -> DetectorConfiguration {
        var configuration = DetectorConfiguration()
        guard let variable else { return configuration }
        configuration.validRange = ranges[variable]
        if variable == "precipitation" {
            // Dry weather repeats 0 for weeks; only a repeated non-zero rate is suspicious.
            configuration.stuckExemptValue = 0
            // After a dry spell the learned scale is ~0 and any shower would score in the thousands; a 2 mm
            // floor makes info ≥ 9 mm/h and critical ≥ 18 mm/h above the baseline (Met Office: heavy rain > 4 mm/h).
            configuration.minimumStd = 2
        }
        return configuration
    }
}
