import H3

/// Identifies a series: one variable at one place from one source.
public struct SeriesKey: Hashable, Sendable, Codable {
    public var variable: String
    /// Who produced the data; empty when not stated.
    public var source: String
    /// Station or device within the source; empty when not stated.
    public var stationId: String
    /// The resolution-15 H3 cell of the series' position.
    public var cell: UInt64
    /// The organization the series is restricted to; empty means public.
    public var organization: String

    public init(variable: String, source: String, stationId: String, cell: UInt64, organization: String = "") {
        self.variable = variable
        self.source = source
        self.stationId = stationId
        self.cell = cell
        self.organization = organization
    }
}

/// A validated observation, in the variable's canonical unit, ready to store.
public struct Observation: Sendable, Equatable {
    public var series: SeriesKey
    public var lat: Double
    public var lng: Double
    public var observedAtMs: Int64
    public var value: Double
    public var quality: QualityFlag

    public init(series: SeriesKey, lat: Double, lng: Double, observedAtMs: Int64, value: Double, quality: QualityFlag = .good) {
        self.series = series
        self.lat = lat
        self.lng = lng
        self.observedAtMs = observedAtMs
        self.value = value
        self.quality = quality
    }
}
