import EcoCore

/// The domains an alert can carry, the only values a domain filter (webhooks, live streams) can match.
public enum AlertDomains {
    /// Domains of the watches that alert on an index rather than on one variable's readings: drought
    /// (``DroughtWatchService``, food), air quality (``AirQualityWatchService``, health) and carbon
    /// hotspots (``CarbonHotspotWatch``, carbon), and image classification of entries (``EntryClassificationService``, ocean).
    public static let ofWatches: Set<String> = [Domain.food.rawValue, Domain.health.rawValue, Domain.carbon.rawValue, Domain.ocean.rawValue]

    /// Those of the catalogue's variables (detection and hotspot alerts) and of the watches.
    public static func known(in catalogue: VariableCatalogue) -> Set<String> {
        Set(catalogue.all.map(\.domain.rawValue)).union(ofWatches)
    }
}
