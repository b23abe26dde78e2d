import EcoCore
import EcoStore
import PostgresNIO

/// Reads of observations and series. Series come from the database on every read (another process may
/// have added some); a region is a handful of index range scans on (variable, cell).
extension PostgresStore {
    static let seriesColumns = "s.id, s.variable, s.source, s.station_id, s.cell, s.lat, s.lng, s.last_t, s.last_value, s.organization"

    static func readSeries(_ row: PostgresRow) throws -> SeriesInfo {
        let (id, variable, source, station, cell, lat, lng, lastT, lastValue, organization) =
            try row.decode((Int64, String, String, String, Int64, Double, Double, Int64, Double, String).self)
        return SeriesInfo(id: id, key: SeriesKey(variable: variable, source: source, stationId: station, cell: UInt64(bitPattern: cell),
                                                 organization: organization),
                          lat: lat, lng: lng, lastObservedAtMs: lastT, lastValue: lastValue)
    }

    public func series(matching filter: SeriesFilter) async throws -> [SeriesInfo] {
        if filter.cellRanges?.isEmpty == true || filter.ids?.isEmpty == true || filter.organizations?.isEmpty == true { return [] }
        var sql = SQLBuilder()
        if let variable = filter.variable { sql.require("s.variable = \(sql.bind(variable))") }
        if let source = filter.source { sql.require("s.source = \(sql.bind(source))") }
        if let station = filter.stationId { sql.require("s.station_id = \(sql.bind(station))") }
        if let ids = filter.ids { sql.require("s.id = ANY(\(sql.bind(ids.sorted()))::bigint[])") }
        if let organizations = filter.organizations { sql.require("s.organization", in: organizations) }
        if let box = filter.boundingBox { requireBox(box, in: &sql) }
        guard let ranges = filter.cellRanges else {
            return try await database.rows(sql.query("SELECT \(Self.seriesColumns) FROM series s \(sql.whereClause) ORDER BY s.id"), Self.readSeries)
        }
        // One index range scan per cell range; a series in two overlapping ranges comes once.
        let bounded = ranges.compactMap(SQLBuilder.signed)
        let lows = sql.bind(bounded.map(\.lowerBound)), highs = sql.bind(bounded.map(\.upperBound))
        sql.require("s.cell BETWEEN r.lo AND r.hi")
        return try await database.rows(sql.query("""
            SELECT DISTINCT ON (s.id) \(Self.seriesColumns)
            FROM unnest(\(lows)::bigint[], \(highs)::bigint[]) AS r(lo, hi) JOIN series s ON true
            \(sql.whereClause) ORDER BY s.id
            """), Self.readSeries)
    }

    /// The exact latitude/longitude test of a bounding box (across the antimeridian when west > east),
    /// preceded, with PostGIS, by the GiST index on the series position.
    private func requireBox(_ box: BoundingBox, in sql: inout SQLBuilder) {
        let west = sql.bind(box.west), south = sql.bind(box.south), east = sql.bind(box.east), north = sql.bind(box.north)
        sql.require("s.lat BETWEEN \(south) AND \(north)")
        if box.west <= box.east {
            sql.require("s.lng BETWEEN \(west) AND \(east)")
            if let gis = postGISSchema {
                sql.require("(s.position::\"\(gis)\".geometry) && \"\(gis)\".ST_MakeEnvelope(\(west), \(south), \(east), \(north), 4326)")
            }
        } else {
            sql.require("(s.lng >= \(west) OR s.lng <= \(east))")
        }
    }

    public func observations(_ filter: SeriesFilter, window: TimeWindow, after cursor: ObservationCursor?, limit: Int) async throws -> [StoredObservation] {
        guard limit > 0 else { return [] }
        let candidates = try await series(matching: filter).filter { $0.id >= (cursor?.seriesID ?? .min) }
        var rows: [StoredObservation] = []
        // Series by series in id order, each an index range scan in time order, until the page is full.
        for series in candidates where rows.count < limit {
            var start = window.startMs
            if let cursor, cursor.seriesID == series.id { start = max(start, cursor.observedAtMs &+ 1) }
            let page = try await database.rows("""
                SELECT t, value, quality FROM observations WHERE series_id = \(series.id) AND t >= \(start) AND t < \(window.endMs)
                ORDER BY t LIMIT \(limit - rows.count)
                """) { row in
                let (t, value, quality) = try row.decode((Int64, Double, Int16).self)
                return StoredObservation(series: series, observedAtMs: t, value: value, quality: QualityFlag(rawValue: quality) ?? .good)
            }
            rows += page
        }
        return rows
    }

    public func aggregates(of series: [Int64], window: TimeWindow) async throws -> [Int64: RunningStats] {
        guard !series.isEmpty else { return [:] }
        return try await RollupReads(window: window).stats(of: series, approximate: false, on: database)
    }

    public func estimatedCount(of series: [Int64], window: TimeWindow) async throws -> Int {
        guard !series.isEmpty else { return 0 }
        return try await RollupReads(window: window).stats(of: series, approximate: true, on: database).values.reduce(0) { $0 + $1.count }
    }

    public func buckets(of series: [Int64], window: TimeWindow, bucket: TimeBucket, rawValueLimit: Int) async throws -> (buckets: [BucketValues], raw: Bool) {
        guard !series.isEmpty else { return ([], rawValueLimit > 0) }
        var withValues = rawValueLimit == .max
        if rawValueLimit > 0 && !withValues {
            withValues = try await estimatedCount(of: series, window: window) <= rawValueLimit
        }
        var merged = BucketMerger(bucket: bucket, keepValues: withValues)
        let wholeDays = (window.startMs == .min || window.startMs % Self.dayMs == 0) && (window.endMs == .max || window.endMs % Self.dayMs == 0)
        if withValues {
            if bucket.isWholeDays && wholeDays {
                try await keptDailyValues(of: series, window: window, into: &merged)
            } else {
                try await rawValues(of: series, window: window, into: &merged)
            }
        } else if bucket == .hour {
            // Series without hourly rollups have at most one value per hour: their raw rows are their hourly rollup.
            try await rollupRows(of: series, table: "rollup_hour", onlyHourly: true, window: window, into: &merged)
            try await rawValues(of: series, window: window, onlySparse: true, into: &merged)
        } else if bucket.isWholeDays {
            try await rollupRows(of: series, table: "rollup_day", onlyHourly: false, window: window, into: &merged)
        } else {
            try await rawValues(of: series, window: window, into: &merged)
        }
        return (merged.buckets, withValues)
    }

    /// Daily and coarser buckets over whole days with values: the values kept in each day's rollup row,
    /// and the raw rows of the days that keep none.
    private func keptDailyValues(of series: [Int64], window: TimeWindow, into merged: inout BucketMerger) async throws {
        let days = try await database.rows("""
            SELECT series_id, bucket, n, vals FROM rollup_day WHERE series_id = ANY(\(series)::bigint[]) AND bucket >= \(window.startMs) AND bucket < \(window.endMs)
            """) { try $0.decode((Int64, Int64, Int64, [Double]?).self) }
        var missing: [(series: Int64, day: Int64)] = []
        for (id, day, count, values) in days {
            if let values, values.count == count { merged.add(values, at: day) } else { missing.append((id, day)) }
        }
        guard !missing.isEmpty else { return }
        let rows = try await database.rows("""
            SELECT o.t, o.value FROM unnest(\(missing.map(\.series))::bigint[], \(missing.map(\.day))::bigint[]) AS d(series_id, day)
            JOIN observations o ON o.series_id = d.series_id AND o.t >= d.day AND o.t < d.day + \(Self.dayMs)
            """) { try $0.decode((Int64, Double).self) }
        for (t, value) in rows { merged.add(value, at: t) }
    }

    /// Raw values of the series (or only of those without hourly rollups) in the window.
    private func rawValues(of series: [Int64], window: TimeWindow, onlySparse: Bool = false, into merged: inout BucketMerger) async throws {
        let rows = try await database.rows("""
            SELECT o.t, o.value FROM observations o JOIN series s ON s.id = o.series_id
            WHERE o.series_id = ANY(\(series)::bigint[]) AND o.t >= \(window.startMs) AND o.t < \(window.endMs) AND (NOT \(onlySparse) OR NOT s.hourly)
            """) { try $0.decode((Int64, Double).self) }
        for (t, value) in rows { merged.add(value, at: t) }
    }

    /// Rollup statistics of the series in the window, merged into buckets.
    private func rollupRows(of series: [Int64], table: String, onlyHourly: Bool, window: TimeWindow, into merged: inout BucketMerger) async throws {
        let rows = try await database.rows("""
            SELECT r.bucket, r.n, r.sum, r.min, r.max, r.sumsq FROM \(unescaped: table) r JOIN series s ON s.id = r.series_id
            WHERE r.series_id = ANY(\(series)::bigint[]) AND r.bucket >= \(window.startMs) AND r.bucket < \(window.endMs) AND (NOT \(onlyHourly) OR s.hourly)
            """) { try $0.decode((Int64, Int64, Double, Double, Double, Double).self) }
        for (start, count, sum, min, max, squares) in rows {
            merged.add(RunningStats(count: Int(count), sum: sum, min: min, max: max, sumOfSquares: squares), at: start)
        }
    }
}

extension TimeBucket {
    /// Whether each bucket is a whole number of UTC days (so the daily rollup can fill it).
    var isWholeDays: Bool { self == .day || self == .week || self == .month }
}

/// Values and rollup rows gathered into buckets of one width.
struct BucketMerger {
    let bucket: TimeBucket
    let keepValues: Bool
    private var byStart: [Int64: BucketValues] = [:]

    init(bucket: TimeBucket, keepValues: Bool) {
        self.bucket = bucket
        self.keepValues = keepValues
    }

    mutating func add(_ value: Double, at t: Int64) {
        let start = bucket.start(ofMs: t)
        byStart[start, default: BucketValues(startMs: start, stats: RunningStats(), values: [])].stats.add(value)
        if keepValues { byStart[start]!.values.append(value) }
    }

    mutating func add(_ values: [Double], at t: Int64) {
        for value in values { add(value, at: t) }
    }

    mutating func add(_ stats: RunningStats, at t: Int64) {
        let start = bucket.start(ofMs: t)
        byStart[start, default: BucketValues(startMs: start, stats: RunningStats(), values: [])].stats.merge(stats)
    }

    /// The non-empty buckets, oldest first.
    var buckets: [BucketValues] { byStart.values.sorted { $0.startMs < $1.startMs } }
}
