/// The payload of an ``EventTopic/ingestObservations`` event: which series one insert wrote in one
/// resolution-3 cell, and over which times, so consumers can score (or read back) the new points.
///
/// Compact on purpose (a reference to what was written, not a copy): series that got the same time
/// range share one run, so a batch of 100 stations × 1 reading costs about 500 bytes instead of the
/// 6 KB the first format (one object per series with its variable and cell) took.
/// `{"runs":[{"fromMs":…,"toMs":…,"seriesIds":[…]}, …]}`; the first format still decodes.
public struct IngestEventPayload: Codable, Sendable, Equatable {
    /// Series written over the same time range.
    public struct Run: Codable, Sendable, Equatable {
        /// Earliest and latest time written, ms.
        public var fromMs: Int64
        public var toMs: Int64
        public var seriesIds: [Int64]

        public init(fromMs: Int64, toMs: Int64, seriesIds: [Int64]) {
            self.fromMs = fromMs
            self.toMs = toMs
            self.seriesIds = seriesIds
        }
    }

    public var runs: [Run]

    public init(runs: [Run]) { self.runs = runs }

    /// One entry of the first format (before 2026-12), still read from older logs.
    private struct LegacySeries: Decodable {
        var seriesId: Int64
        var fromMs: Int64
        var toMs: Int64
    }

    private enum CodingKeys: String, CodingKey { case runs, series }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let runs = try container.decodeIfPresent([Run].self, forKey: .runs) {
            self.runs = runs
        } else {
            runs = try container.decode([LegacySeries].self, forKey: .series).map { Run(fromMs: $0.fromMs, toMs: $0.toMs, seriesIds: [$0.seriesId]) }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runs, forKey: .runs)
    }

    /// Each series with its time range.
    public var timeRanges: [TimeRange] {
        runs.flatMap { run in run.seriesIds.map { TimeRange(seriesId: $0, fromMs: run.fromMs, toMs: run.toMs) } }
    }
}
