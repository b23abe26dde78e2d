/// An observation as stored, with its series' identity.
public struct StoredObservation: Sendable, Equatable {
    public var series: SeriesInfo
    public var observedAtMs: Int64
    public var value: Double
    public var quality: QualityFlag

    public init(series: SeriesInfo, observedAtMs: Int64, value: Double, quality: QualityFlag) {
        self.series = series
        self.observedAtMs = observedAtMs
        self.value = value
        self.quality = quality
    }
}
