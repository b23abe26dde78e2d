import EcoCore

/// Detector settings for well-known variables: physical valid ranges and a few variable-specific habits.
///
/// A variable of the catalogue gets the catalogue's valid range, the one ingest enforces, so the detector
/// never calls a value out of range that the server accepted (issue #21: pm25 was 0…1000 here, 0…2000 there).
public enum VariableDetectorDefaults {
    /// Ranges for names outside the catalogue: physical plausibility limits (WMO and record extremes
    /// rounded outward), not alert thresholds.
    private static let extraRanges: [String: ValidRange] = [
        "temperature": ValidRange(lower: -90, upper: 60),
        "dew_point_2m": ValidRange(lower: -100, upper: 40),
        "relative_humidity_2m": ValidRange(lower: 0, upper: 100),
        "co2": ValidRange(lower: 150, upper: 10_000),
    ]

    private static let ranges: [String: ValidRange] = {
        var ranges = extraRanges
        for variable in VariableCatalogue().all where variable.validMin != nil || variable.validMax != nil {
            ranges[variable.name] = ValidRange(lower: variable.validMin, upper: variable.validMax)
        }
        return ranges
    }()

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
