/// Collects one batch's contribution to a rollup table (hourly or daily buckets) and writes it:
/// new rows are added incrementally; buckets where a value was replaced are recomputed from the
/// raw rows, since min and max cannot be "subtracted".
struct RollupAccumulator {
    let width: Int64
    /// Bucket contributions, one per run of equal keys; sorted and merged when written.
    private var deltas: [(key: BucketKey, stats: RunningStats)] = []
    private var dirty: Set<BucketKey> = []
    private var current: (key: BucketKey, stats: RunningStats)?

    private struct BucketKey: Hashable, Comparable {
        var series: Int64
        var start: Int64
        static func < (a: BucketKey, b: BucketKey) -> Bool { (a.series, a.start) < (b.series, b.start) }
    }

    init(width: Int64) { self.width = width }

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
            return
        }
        flush()
        var stats = RunningStats()
        stats.add(value)
        current = (k, stats)
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
        let upsert = try db.statement("""
            INSERT INTO \(table) (series_id, bucket, n, sum, min, max, sumsq) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (series_id, bucket) DO UPDATE SET
                n = n + excluded.n, sum = sum + excluded.sum, min = MIN(min, excluded.min),
                max = MAX(max, excluded.max), sumsq = sumsq + excluded.sumsq
            """)
        // Key order, so the B-tree is written sequentially rather than at random (input that is
        // already grouped by series and time sorts in linear time); equal keys merge.
        deltas.sort { $0.key < $1.key }
        var merged: [(key: BucketKey, stats: RunningStats)] = []
        merged.reserveCapacity(deltas.count)
        for delta in deltas {
            if merged.last?.key == delta.key { merged[merged.count - 1].stats.merge(delta.stats) } else { merged.append(delta) }
        }
        for (key, stats) in merged where dirty.isEmpty || !dirty.contains(key) {
            upsert.bind(1, key.series).bind(2, key.start).bind(3, Int64(stats.count)).bind(4, stats.sum)
                .bind(5, stats.min).bind(6, stats.max).bind(7, stats.sumOfSquares)
            try upsert.run()
        }
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
