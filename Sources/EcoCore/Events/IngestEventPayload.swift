/// The payload of an ``EventTopic/ingestObservations`` event: what one insert changed in one
/// resolution-3 cell, per series, so consumers can read the new points back.
public struct IngestEventPayload: Codable, Sendable, Equatable {
    public struct SeriesRange: Codable, Sendable, Equatable {
        public var seriesId: Int64
        public var variable: String
        /// The series' cell, 15-hex H3 string.
        public var h3Index: String
        /// Earliest and latest time written by the insert, ms.
        public var fromMs: Int64
        public var toMs: Int64
        /// Values written (inserted or replaced).
        public var count: Int

        public init(seriesId: Int64, variable: String, h3Index: String, fromMs: Int64, toMs: Int64, count: Int) {
            self.seriesId = seriesId
            self.variable = variable
            self.h3Index = h3Index
            self.fromMs = fromMs
            self.toMs = toMs
            self.count = count
        }
    }

    public var series: [SeriesRange]

    public init(series: [SeriesRange]) { self.series = series }
}
