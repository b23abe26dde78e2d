/// A stored series: one variable at one place from one source.
public struct SeriesInfo: Sendable, Equatable, Hashable {
    public var id: Int64
    public var key: SeriesKey
    public var lat: Double
    public var lng: Double
    /// Time and value of the newest observation.
    public var lastObservedAtMs: Int64
    public var lastValue: Double

    public init(id: Int64, key: SeriesKey, lat: Double, lng: Double, lastObservedAtMs: Int64, lastValue: Double) {
        self.id = id
        self.key = key
        self.lat = lat
        self.lng = lng
        self.lastObservedAtMs = lastObservedAtMs
        self.lastValue = lastValue
    }
}
