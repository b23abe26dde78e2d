/// The variables EcoTrack knows out of the box.
///
/// Valid ranges are physical plausibility limits (records beyond the world records or the
/// instrument's range), not alert thresholds. Molar masses: IUPAC standard atomic weights.
enum BuiltInVariables {
    static let all: [Variable] = [
        // Climate
        v("temperature_2m", "°C", .climate, -90, 60, .mean, "Air temperature 2 m above ground"),
        v("precipitation", "mm", .climate, 0, 500, .sum, "Precipitation amount over the observation interval"),
        v("relative_humidity", "%", .climate, 0, 100, .mean, "Relative humidity of air"),
        v("wind_speed_10m", "m/s", .climate, 0, 120, .mean, "Wind speed 10 m above ground"),
        v("pressure_msl", "hPa", .climate, 850, 1090, .mean, "Air pressure reduced to mean sea level"),
        // Health: air quality
        v("pm25", "µg/m³", .health, 0, 2000, .mean, "Particulate matter ≤ 2.5 µm"),
        v("pm10", "µg/m³", .health, 0, 5000, .mean, "Particulate matter ≤ 10 µm"),
        v("no2", "ppb", .health, 0, 2000, .mean, "Nitrogen dioxide mixing ratio", molarMass: 46.0055),
        v("o3", "ppb", .health, 0, 1000, .mean, "Ozone mixing ratio", molarMass: 47.9982),
        v("so2", "ppb", .health, 0, 2000, .mean, "Sulfur dioxide mixing ratio", molarMass: 64.064),
        v("co", "ppm", .health, 0, 1000, .mean, "Carbon monoxide mixing ratio", molarMass: 28.010),
        // Biodiversity / vegetation
        v("ndvi", "1", .biodiversity, -1, 1, .mean, "Normalized difference vegetation index"),
        // Ocean
        v("sea_surface_temperature", "°C", .ocean, -2.5, 40, .mean, "Sea surface temperature"),
        v("dissolved_oxygen", "mg/L", .ocean, 0, 25, .mean, "Dissolved oxygen concentration in water"),
        v("ph", "1", .ocean, 0, 14, .mean, "Acidity (pH) of water"),
        v("turbidity", "NTU", .ocean, 0, 4000, .mean, "Water turbidity"),
        v("chlorophyll_a", "mg/m³", .ocean, 0, 1000, .mean, "Chlorophyll-a concentration in water"),
        // Carbon
        v("co2e", "kg", .carbon, 0, nil, .sum, "Greenhouse-gas emissions as CO2 equivalent"),
    ]

    private static func v(
        _ name: String, _ unit: String, _ domain: Domain, _ lo: Double?, _ hi: Double?,
        _ aggregation: Aggregation, _ description: String, molarMass: Double? = nil
    ) -> Variable {
        Variable(
            name: name, unit: unit, domain: domain, validMin: lo, validMax: hi,
            aggregation: aggregation, description: description, molarMass: molarMass, builtIn: true
        )
    }
}
