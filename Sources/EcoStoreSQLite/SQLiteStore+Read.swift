import EcoCore
import EcoStore

extension SQLiteStore {
    public func series(matching filter: SeriesFilter) async throws -> [SeriesInfo] {
        index.withLock { $0.matching(filter) }
    }

    public func observations(_ filter: SeriesFilter, window: TimeWindow, after cursor: ObservationCursor?, limit: Int) async throws -> [StoredObservation] {
        let candidates = try await series(matching: filter).filter { $0.id >= (cursor?.seriesID ?? .min) }
        guard !candidates.isEmpty, limit > 0 else { return [] }
        try await mergeStagedObservations(of: candidates.lazy.map(\.id), before: window.endMs)
        return try await readers.read { db in
            let scan = try db.statement("SELECT t, value, quality FROM observations WHERE series_id = ? AND t >= ? AND t < ? ORDER BY t LIMIT ?")
            var rows: [StoredObservation] = []
            rows.reserveCapacity(min(limit, 10_000))
            for series in candidates where rows.count < limit {
                var start = window.startMs
                if let cursor, cursor.seriesID == series.id { start = max(start, cursor.observedAtMs &+ 1) }
                scan.bind(1, series.id).bind(2, start).bind(3, window.endMs).bind(4, Int64(limit - rows.count))
                while try scan.step() {
                    rows.append(StoredObservation(series: series, observedAtMs: scan.int64(0), value: scan.double(1),
                                                  quality: QualityFlag(rawValue: Int16(scan.int64(2))) ?? .good))
                }
                scan.reset()
            }
            return rows
        }
    }

    public func estimatedCount(of series: [Int64], window: TimeWindow) async throws -> Int {
        guard !series.isEmpty else { return 0 }
        try await mergeStagedObservations(of: series, before: window.endMs)
        let hourly = hourlyFlags(series)
        return try await readers.read { db in try RollupPlan(window: window).estimatedCount(of: series, hourly: hourly, on: db) }
    }

    public func aggregates(of series: [Int64], window: TimeWindow) async throws -> [Int64: RunningStats] {
        guard !series.isEmpty else { return [:] }
        try await mergeStagedObservations(of: series, before: window.endMs)
        let hourly = hourlyFlags(series)
        return try await readers.read { db in
            let plan = RollupPlan(window: window)
            var result: [Int64: RunningStats] = [:]
            result.reserveCapacity(series.count)
            for id in series {
                let stats = try plan.stats(series: id, hasHourlyRollup: hourly.contains(id), on: db, approximateEdges: false)
                if stats.count > 0 { result[id] = stats }
            }
            return result
        }
    }

    public func buckets(of series: [Int64], window: TimeWindow, bucket: TimeBucket, rawValueLimit: Int) async throws -> (buckets: [BucketValues], raw: Bool) {
        guard !series.isEmpty else { return ([], rawValueLimit > 0) }
        try await mergeStagedObservations(of: series, before: window.endMs)
        let hourly = hourlyFlags(series)
        return try await readers.read { db in
            // One read for the estimate and the scan: a second hop to a reader thread costs more than the estimate.
            var withValues = rawValueLimit == .max
            if rawValueLimit > 0 && !withValues {
                withValues = try RollupPlan(window: window).estimatedCount(of: series, hourly: hourly, on: db) <= rawValueLimit
            }
            var merged: [Int64: BucketValues] = [:]
            // Hourly buckets of a series without hourly rollups come from its raw rows (one per hour at most).
            let fromRaw = withValues ? series : (bucket == .hour ? series.filter { !hourly.contains($0) } : [])
            let fromRollup = withValues ? [] : series.filter { bucket != .hour || hourly.contains($0) }
            // Daily and coarser buckets over whole days take the values kept with the daily rollup
            // (one row per day); days without kept values fall back to their raw rows.
            let dayMs: Int64 = 86_400_000
            let wholeDays = (window.startMs == .min || window.startMs % dayMs == 0) && (window.endMs == .max || window.endMs % dayMs == 0)
            var rawWindows: [(id: Int64, window: TimeWindow)] = []
            if withValues && bucket != .hour && wholeDays {
                let days = try db.statement("SELECT bucket, n, vals FROM rollup_day WHERE series_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket")
                for id in fromRaw {
                    days.bind(1, id).bind(2, window.startMs).bind(3, window.endMs)
                    while try days.step() {
                        let day = days.int64(0), count = Int(days.int64(1))
                        let kept = days.bytes(2)
                        guard kept.count == count * 8 else {
                            rawWindows.append((id, TimeWindow(startMs: day, endMs: day + dayMs)))
                            continue
                        }
                        let start = bucket.start(ofMs: day)
                        var entry = merged[start] ?? BucketValues(startMs: start, stats: RunningStats(), values: [])
                        kept.withUnsafeBytes { raw in
                            for index in 0..<count { entry.add(raw.loadUnaligned(fromByteOffset: index * 8, as: Double.self), keep: true) }
                        }
                        merged[start] = entry
                    }
                    days.reset()
                }
            } else {
                rawWindows = fromRaw.map { ($0, window) }
            }
            if !rawWindows.isEmpty {
                let scan = try db.statement("SELECT t, value FROM observations WHERE series_id = ? AND t >= ? AND t < ? ORDER BY t")
                for (id, window) in rawWindows {
                    scan.bind(1, id).bind(2, window.startMs).bind(3, window.endMs)
                    // Rows come in time order: fill one bucket at a time, merge it when the bucket changes.
                    var current: BucketValues?
                    var currentEnd = Int64.min
                    func close() {
                        guard let done = current else { return }
                        if var existing = merged[done.startMs] {
                            existing.stats.merge(done.stats)
                            existing.values += done.values
                            merged[done.startMs] = existing
                        } else {
                            merged[done.startMs] = done
                        }
                    }
                    while try scan.step() {
                        let t = scan.int64(0), value = scan.double(1)
                        if t >= currentEnd {
                            close()
                            let start = bucket.start(ofMs: t)
                            currentEnd = bucket.next(afterStartMs: start)
                            current = BucketValues(startMs: start, stats: RunningStats(), values: [])
                        }
                        current!.add(value, keep: withValues)
                    }
                    close()
                    scan.reset()
                }
            }
            if !fromRollup.isEmpty {
                // Daily and coarser buckets read the daily rollup; hourly ones the hourly rollup.
                let table = bucket == .hour ? "rollup_hour" : "rollup_day"
                let scan = try db.statement("SELECT bucket, n, sum, min, max, sumsq FROM \(table) WHERE series_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket")
                for id in fromRollup {
                    scan.bind(1, id).bind(2, window.startMs).bind(3, window.endMs)
                    while try scan.step() {
                        let start = bucket.start(ofMs: scan.int64(0))
                        let stats = RunningStats(count: Int(scan.int64(1)), sum: scan.double(2), min: scan.double(3), max: scan.double(4), sumOfSquares: scan.double(5))
                        merged[start, default: BucketValues(startMs: start, stats: RunningStats(), values: [])].stats.merge(stats)
                    }
                    scan.reset()
                }
            }
            return (merged.values.sorted { $0.startMs < $1.startMs }, withValues)
        }
    }
}

extension SQLiteStore {
    /// Which of `series` keep hourly rollups.
    func hourlyFlags(_ series: [Int64]) -> Set<Int64> {
        index.withLock { index in Set(series.filter(index.hourly.contains)) }
    }
}

extension BucketValues {
    mutating func add(_ value: Double, keep: Bool) {
        stats.add(value)
        if keep { values.append(value) }
    }
}
