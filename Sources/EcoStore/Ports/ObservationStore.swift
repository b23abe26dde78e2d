import EcoCore

/// Durable storage of observations, their series and rollups (the storage port for ingest and reads).
public protocol ObservationStore: Sendable {
    /// Stores a batch in one transaction. When this returns, the batch is durable; re-sent
    /// (series, time) pairs replace the earlier value. Rollups are updated in the same transaction.
    func insert(_ batch: [Observation]) async throws -> InsertSummary

    /// Series matching a filter, ordered by id.
    func series(matching filter: SeriesFilter) async throws -> [SeriesInfo]

    /// Raw observations of the filter's series, ordered by (series id, time), after `cursor`.
    func observations(_ filter: SeriesFilter, window: TimeWindow, after cursor: ObservationCursor?, limit: Int) async throws -> [StoredObservation]

    /// Per-series aggregates from the rollups and raw edges, exact over `window`.
    func aggregates(of series: [Int64], window: TimeWindow) async throws -> [Int64: RunningStats]

    /// Bucketed values of `series` merged together: one entry per non-empty bucket. When the window
    /// holds at most `rawValueLimit` raw values (estimated from the rollups in the same read), each
    /// bucket carries its raw values (for quartiles) and `raw` is true; otherwise rollup statistics
    /// only. Pass 0 for rollups only and `.max` for raw values always.
    func buckets(of series: [Int64], window: TimeWindow, bucket: TimeBucket, rawValueLimit: Int) async throws -> (buckets: [BucketValues], raw: Bool)

    /// Raw count in `window` for `series`, read from the rollups (cheap).
    func estimatedCount(of series: [Int64], window: TimeWindow) async throws -> Int

    /// The points that the inserts behind these `ecotrack.ingest.observations` events wrote, per series
    /// (oldest first, one value per time), if this process still holds them in memory; nil otherwise,
    /// and then ``observations(_:window:after:limit:)`` reads them. Saves detection reading back what
    /// was just written.
    func writtenPoints(ofEvents offsets: [Int64]) -> [Int64: [(timeMs: Int64, value: Double)]]?

    /// A number that changes, before the write that changed it returns, whenever any observation of
    /// this store changes (in any process); nil when the store cannot tell cheaply. Readers key caches
    /// of computed answers on it.
    func dataVersion() -> Int64?
}

extension ObservationStore {
    /// Stores that keep nothing in memory read points back.
    public func writtenPoints(ofEvents offsets: [Int64]) -> [Int64: [(timeMs: Int64, value: Double)]]? { nil }

    /// Stores that cannot tell cheaply when their data changed offer no version.
    public func dataVersion() -> Int64? { nil }
}

/// What an insert did.
public struct InsertSummary: Sendable, Equatable {
    /// Rows that were new.
    public var inserted: Int
    /// Rows that replaced an earlier value at the same (series, time).
    public var replaced: Int
    /// Series seen for the first time.
    public var newSeries: Int

    public init(inserted: Int = 0, replaced: Int = 0, newSeries: Int = 0) {
        self.inserted = inserted
        self.replaced = replaced
        self.newSeries = newSeries
    }
}

/// Keyset position for paging through observations.
public struct ObservationCursor: Sendable, Equatable {
    public var seriesID: Int64
    public var observedAtMs: Int64

    public init(seriesID: Int64, observedAtMs: Int64) {
        self.seriesID = seriesID
        self.observedAtMs = observedAtMs
    }
}

/// One time bucket of merged series values.
public struct BucketValues: Sendable, Equatable {
    public var startMs: Int64
    public var stats: RunningStats
    /// Raw values in the bucket, unsorted; empty unless requested.
    public var values: [Double]

    public init(startMs: Int64, stats: RunningStats, values: [Double]) {
        self.startMs = startMs
        self.stats = stats
        self.values = values
    }
}
