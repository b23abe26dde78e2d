import EcoCore
import EcoStore

/// Collects one batch's contribution to a rollup table (hourly or daily buckets) and writes it:
/// new rows are added incrementally; buckets where a value was replaced are recomputed from the
/// raw rows, since min and max cannot be "subtracted".
///
/// With `keepsValues` (the daily table) each bucket also keeps its values as a blob while it holds at
/// most `maxKeptValues`, so distribution summaries of long windows read one row per day instead
/// of every raw row. Any doubt (too many values, a replaced value) stores NULL: readers then use
/// the raw rows, which are always the truth.
struct RollupAccumulator {
    let width: Int64
    let keepsValues: Bool
    static let maxKeptValues = 96
    /// Bucket contributions, one per run of equal keys; sorted and merged when written.
    private var deltas: [(key: BucketKey, stats: RunningStats, values: [Double])] = []
    private var dirty: Set<BucketKey> = []
    private var current: (key: BucketKey, stats: RunningStats, values: [Double])?

    private struct BucketKey: Hashable, Comparable {
        var series: Int64
        var start: Int64
        static func < (a: BucketKey, b: BucketKey) -> Bool { (a.series, a.start) < (b.series, b.start) }
    }

    init(width: Int64, keepsValues: Bool = false) {
        self.width = width
        self.keepsValues = keepsValues
    }

    private func key(_ series: Int64, _ t: Int64) -> BucketKey {
        BucketKey(series: series, start: Self.floor(t, width))
    }

    /// Start of the bucket of `width` containing `t` (floor division, right before 1970 too).
    static func floor(_ t: Int64, _ width: Int64) -> Int64 {
        let q = t / width
        return (t % width < 0 ? q - 1 : q) * width
    }

    mutating func add(_ series: Int64, _ t: Int64, _ value: Double) {
        let k = key(series, t)
        // Batches usually arrive grouped by series and time: accumulate runs without hashing.
        if current?.key == k {
            current!.stats.add(value)
            if keepsValues { current!.values.append(value) }
            return
        }
        flush()
        var stats = RunningStats()
        stats.add(value)
        current = (k, stats, keepsValues ? [value] : [])
    }

    /// Takes over `other`'s contributions (another job's in the same transaction).
    mutating func absorb(_ other: RollupAccumulator) {
        var other = other
        other.flush()
        deltas.append(contentsOf: other.deltas)
        dirty.formUnion(other.dirty)
    }

    mutating func markDirty(_ series: Int64, _ t: Int64) {
        dirty.insert(key(series, t))
    }

    private mutating func flush() {
        guard let run = current else { return }
        deltas.append(run)
        current = nil
    }

    mutating func write(table: String, on db: SQLiteConnection) throws {
        flush()
        // A kept-values blob survives only while both sides have one and together they stay small.
        let valuesColumn = keepsValues ? ", vals" : ""
        let valuesUpdate = keepsValues
            ? ", vals = CASE WHEN vals IS NULL OR excluded.vals IS NULL OR length(vals) + length(excluded.vals) > \(Self.maxKeptValues * 8) THEN NULL ELSE vals || excluded.vals END"
            : ""
        let upsert = try db.statement("""
            INSERT INTO \(table) (series_id, bucket, n, sum, min, max, sumsq\(valuesColumn)) VALUES (?, ?, ?, ?, ?, ?, ?\(keepsValues ? ", ?" : ""))
            ON CONFLICT (series_id, bucket) DO UPDATE SET
                n = n + excluded.n, sum = sum + excluded.sum, min = MIN(min, excluded.min),
                max = MAX(max, excluded.max), sumsq = sumsq + excluded.sumsq\(valuesUpdate)
            """)
        // Key order, so the B-tree is written sequentially rather than at random (input that is
        // already grouped by series and time sorts in linear time); equal keys merge.
        deltas.sort { $0.key < $1.key }
        var merged: [(key: BucketKey, stats: RunningStats, values: [Double])] = []
        merged.reserveCapacity(deltas.count)
        for delta in deltas {
            if merged.last?.key == delta.key {
                merged[merged.count - 1].stats.merge(delta.stats)
                merged[merged.count - 1].values += delta.values
            } else {
                merged.append(delta)
            }
        }
        for (key, stats, values) in merged where dirty.isEmpty || !dirty.contains(key) {
            upsert.bind(1, key.series).bind(2, key.start).bind(3, Int64(stats.count)).bind(4, stats.sum)
                .bind(5, stats.min).bind(6, stats.max).bind(7, stats.sumOfSquares)
            if keepsValues {
                if values.count <= Self.maxKeptValues {
                    upsert.bind(8, bytes: values.withUnsafeBytes { Array($0) })
                } else {
                    upsert.bind(8, nil as Double?)
                }
            }
            try upsert.run()
        }
        // Replaced values: recompute from raw rows; the kept values become NULL (raw rows are read instead).
        let recompute = try db.statement("""
            INSERT OR REPLACE INTO \(table) (series_id, bucket, n, sum, min, max, sumsq)
            SELECT ?1, ?2, COUNT(*), SUM(value), MIN(value), MAX(value), SUM(value * value)
            FROM observations WHERE series_id = ?1 AND t >= ?2 AND t < ?2 + ?3
            """)
        for key in dirty {
            recompute.bind(1, key.series).bind(2, key.start).bind(3, width)
            try recompute.run()
        }
        deltas.removeAll()
        dirty.removeAll()
    }
}

/// The rollup contributions and newest values of every insert in one group transaction, written
/// once before its commit: with several requests in a group touching the same series and day (a
/// gateway posting the same stations every few seconds), each rollup and series row is written once
/// instead of once per request.
final class GroupRollups {
    var hourly = RollupAccumulator(width: 3_600_000)
    var daily = RollupAccumulator(width: 86_400_000, keepsValues: true)
    /// Each touched series' newest time and value (the writer only records a newer one).
    var latest: [Int64: (t: Int64, value: Double)] = [:]

    func write(on db: SQLiteConnection) throws {
        try hourly.write(table: "rollup_hour", on: db)
        try daily.write(table: "rollup_day", on: db)
        guard !latest.isEmpty else { return }
        let update = try db.statement(SeriesLatest.updateSQL)
        for (id, entry) in latest {
            update.bind(1, id).bind(2, entry.t).bind(3, entry.value)
            try update.run()
        }
    }
}
