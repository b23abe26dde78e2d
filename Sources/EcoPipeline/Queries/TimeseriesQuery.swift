import EcoCore
import EcoStore

/// Time series of one variable in one H3 cell (any resolution): all series inside the cell merged
/// (`GET /api/v1/observations/{h3}/timeseries`, `ecotrack query timeseries`).
///
/// Raw values or a rollup are picked by the query itself: values (from the daily rollup's kept values
/// or raw rows) when the window holds at most `rawLimit` points, with exact quartiles and coverage;
/// beyond that, hourly/daily rollup statistics without quartiles, and `summarySource` says so.
public struct TimeseriesQuery: Sendable {
    let observations: any ObservationStore
    let variables: VariableRegistry
    /// Most raw values a window may hold for raw points or exact quartiles.
    static let rawLimit = 500_000

    public init(observations: any ObservationStore, variables: VariableRegistry) {
        self.observations = observations
        self.variables = variables
    }

    enum Bucket: String, CaseIterable {
        case raw, auto, hour = "1h", day = "1d", week = "1w", month = "1M"

        var timeBucket: TimeBucket? {
            switch self {
            case .raw, .auto: nil
            case .hour: .hour
            case .day: .day
            case .week: .week
            case .month: .month
            }
        }
    }

    enum Aggregate: String, CaseIterable { case mean, min, max, sum, count }

    public struct Point: Encodable, Sendable {
        public var timestamp: String
        public var value: Double
        public var summary: Summary?
        public var coverage: Coverage?
    }

    public struct Coverage: Encodable, Sendable {
        public var observed: Int
        public var expected: Int
        public var ratio: Double
    }

    public struct Statistics: Encodable, Sendable {
        public var count: Int
        public var mean: Double?
        public var min: Double?
        public var max: Double?
        public var stdDev: Double?
    }

    public struct Body: Encodable, Sendable {
        public var h3Index: String
        public var variable: String
        public var unit: String
        public var bucket: String
        public var agg: String
        public var series: Int
        public var summarySource: String
        public var data: [Point]
        public var statistics: Statistics
    }

    /// The series of `parameters.variable` in the cell `hex`; shared by the route and `ecotrack query timeseries`.
    public func timeseries(cell hex: String, parameters: QueryParameters) async throws -> Body {
        guard let cell = Spatial.cell(hex: hex) else {
            throw EcoError.badRequest("'\(hex)' is not an H3 cell id; use 15 hex digits such as 872830828ffffff.")
        }
        let catalogue = variables.catalogue
        var filter = try parameters.seriesFilter(catalogue: catalogue, requireVariable: true)
        filter.cellRanges = [Spatial.range15(of: cell)]
        let variable = catalogue[filter.variable!]!
        var window = try parameters.window()
        var bucket: Bucket = try parameters.choice("bucket", default: .auto)
        let aggregate: Aggregate = try parameters.choice("agg", default: variable.aggregation == .sum ? .sum : .mean)

        let store = observations
        let ids = try await store.series(matching: filter).map(\.id)
        if bucket == .auto {
            bucket = Self.automaticBucket(estimatedCount: try await store.estimatedCount(of: ids, window: window), window: window)
        }

        var body = Body(h3Index: Spatial.hex(cell), variable: variable.name, unit: variable.unit, bucket: bucket.rawValue,
                        agg: aggregate.rawValue, series: ids.count, summarySource: "raw", data: [],
                        statistics: Statistics(count: 0))
        guard let timeBucket = bucket.timeBucket else {
            let estimated = try await store.estimatedCount(of: ids, window: window)
            guard estimated <= Self.rawLimit else {
                throw EcoError.badRequest("The window holds about \(estimated) raw points; narrow start/end, choose bucket=1h or 1d, or export with GET /api/v1/observations?format=ndjson.")
            }
            let rows = try await store.observations(SeriesFilter(ids: Set(ids)), window: window, after: nil, limit: Self.rawLimit)
            let sorted = rows.sorted { $0.observedAtMs < $1.observedAtMs }
            body.data = sorted.map { Point(timestamp: Timestamp.format(ms: $0.observedAtMs), value: $0.value) }
            body.statistics = Self.statistics(rows.map(\.value))
            return body
        }
        // Whole buckets only: widen the window to bucket boundaries.
        if window.startMs != .min { window.startMs = timeBucket.start(ofMs: window.startMs) }
        if window.endMs != .max, timeBucket.start(ofMs: window.endMs) != window.endMs {
            window.endMs = timeBucket.next(afterStartMs: timeBucket.start(ofMs: window.endMs))
        }
        let (buckets, useRaw) = try await store.buckets(of: ids, window: window, bucket: timeBucket, rawValueLimit: Self.rawLimit)
        let stepMs = useRaw ? Self.medianStep(buckets) : nil
        body.summarySource = useRaw ? "raw" : (timeBucket == .hour ? "rollup_hour" : "rollup_day")
        var total = RunningStats()
        body.data = buckets.map { entry in
            total.merge(entry.stats)
            let width = timeBucket.next(afterStartMs: entry.startMs) - entry.startMs
            let expected = stepMs.map { max(1, Int((Double(width) / Double($0)).rounded())) }
            return Point(
                timestamp: Timestamp.format(ms: entry.startMs),
                value: Self.value(of: entry.stats, aggregate),
                summary: useRaw ? Summary(entry.values) : nil,
                coverage: expected.map { Coverage(observed: entry.stats.count, expected: $0, ratio: min(1, Double(entry.stats.count) / Double($0))) }
            )
        }
        body.statistics = Statistics(count: total.count, mean: total.mean, min: total.count > 0 ? total.min : nil,
                                     max: total.count > 0 ? total.max : nil, stdDev: total.standardDeviation)
        return body
    }

    static func value(of stats: RunningStats, _ aggregate: Aggregate) -> Double {
        switch aggregate {
        case .mean: stats.mean ?? .nan
        case .min: stats.min
        case .max: stats.max
        case .sum: stats.sum
        case .count: Double(stats.count)
        }
    }

    static func statistics(_ values: [Double]) -> Statistics {
        var stats = RunningStats()
        for value in values { stats.add(value) }
        return Statistics(count: stats.count, mean: stats.mean, min: stats.count > 0 ? stats.min : nil,
                          max: stats.count > 0 ? stats.max : nil, stdDev: stats.standardDeviation)
    }

    /// Raw when small, else the bucket that gives a readable number of points.
    static func automaticBucket(estimatedCount: Int, window: TimeWindow) -> Bucket {
        if estimatedCount <= 2_000 { return .raw }
        let span = window.endMs == .max || window.startMs == .min ? Int64.max : window.endMs - window.startMs
        return span <= 60 * 86_400_000 ? .hour : .day
    }

    /// The typical interval between values of the merged series, from the well-filled buckets:
    /// a typical bucket width divided by the upper-quartile count per bucket. Gaps lower a
    /// bucket's count but barely move the upper quartile, so coverage shows them.
    static func medianStep(_ buckets: [BucketValues]) -> Int64? {
        var counts = buckets.map(\.stats.count).filter { $0 > 0 }
        guard !counts.isEmpty, buckets.count > 1 else { return nil }
        counts.sort()
        let widths = zip(buckets, buckets.dropFirst()).map { $1.startMs - $0.startMs }.sorted()
        let typicalWidth = widths[widths.count / 2]
        let typicalCount = counts[counts.count * 3 / 4]
        return max(1, typicalWidth / Int64(typicalCount))
    }
}
