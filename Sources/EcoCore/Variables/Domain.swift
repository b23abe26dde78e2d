/// The thematic domain a variable belongs to, as in the specification's REST taxonomy.
public enum Domain: String, Codable, Sendable, CaseIterable {
    case climate, health, biodiversity, food, equity, ocean, carbon
}

/// How values of a variable combine over a time bucket or a region.
public enum Aggregation: String, Codable, Sendable, CaseIterable {
    /// Averages: temperature, concentrations, indices.
    case mean
    /// Totals: precipitation, emissions.
    case sum
}
