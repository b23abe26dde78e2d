/// One field of a record as the body held it: JSON keeps its types, CSV cells are text.
enum FieldValue: Sendable, Equatable {
    case text(String)
    case number(Double)
    case bool(Bool)
}

/// The names of activity fields as the API spells them (JSON keys and CSV columns), in one place.
enum ActivityFieldName {
    static let all: Set<String> = [
        "type", "clientId", "organization", "supplier", "facility", "time", "lat", "lng", "h3Index", "region",
        "dataQuality", "scope", "category", "mode", "vehicle", "fuel", "distanceKm", "loadKg", "tonneKm",
        "loadFactor", "emptyRunning", "fuelQuantity", "fuelUnit", "origin", "destination", "direction", "kWh",
        "instrument", "instrumentShare", "instrumentRate", "supplierRate", "quantity", "unit", "gas", "kg",
        "carrier", "cpuHours", "wattsPerCpu", "pue",
    ]
}
