import EcoCore
import EcoStore
import PostgresNIO

/// The insert path: one transaction of a few set-based statements, whatever the batch size.
///
/// 1. Upsert the batch's series rows in key order, moving each one's newest value: this locks them,
///    so every writer of a series runs after the previous one committed (rollups stay exact under
///    concurrent inserts, in one process or many) and learns whether it keeps hourly rollups.
/// 2. Per month: one multi-row `INSERT … SELECT FROM unnest(arrays) … ON CONFLICT DO UPDATE` straight into
///    the month's partition, whose `RETURNING` tells new rows from replaced ones, and in the same
///    statement the new rows' daily (and, for dense series, hourly) rollup contributions.
/// 3. Series that just became denser than hourly get their hourly rollup built from their raw rows;
///    buckets where a value was replaced are recomputed from the raw rows (min and max cannot be undone).
/// 4. The ingest events, last (see ``EventRows/append(_:on:logger:channel:appendedAtMs:)``).
///
/// In a batch of at least ``copyFromPoints`` points, series that only append (every point newer than the series
/// row's newest time before step 1) are COPYed straight into the partitions with their rollups summed in Swift
/// (``AppendedPoints``) instead of step 2; the other series' points reach the server through COPY into a staging
/// table of the transaction (``StagedPoints``), from which step 2 reads. Smaller batches bind them as arrays,
/// which costs less than the staging table's creation (docs/scale-out.md has the measurements). Re-sent points
/// always go through step 2, so they replace.
extension PostgresStore {
    static let dayMs: Int64 = 86_400_000
    static let hourMs: Int64 = 3_600_000
    /// The batch size (points after de-duplication) from which inserts go through COPY, by measurement.
    static let defaultCopyFromPoints = 500

    public func insert(_ batch: [Observation]) async throws -> InsertSummary {
        guard !batch.isEmpty else { return InsertSummary() }
        let prepared = InsertBatch(batch)
        let months = prepared.months
        try await partitions.ensure(months)
        do {
            return try await insertAppendingFirst(prepared)
        } catch let error as PostgresFailure where error.sqlState == "42P01" {
            // A month's partition was dropped by another process's retention after this one last looked.
            try await partitions.reload()
            try await partitions.ensure(months)
            return try await insertAppendingFirst(prepared)
        }
    }

    /// Appends straight to the partitions where the series rows say no point can conflict (``AppendedPoints``); when
    /// a point existed after all (a concurrent writer), the whole insert is done again through the upsert path.
    private func insertAppendingFirst(_ batch: InsertBatch) async throws -> InsertSummary {
        do {
            return try await insert(batch, appending: true)
        } catch let error as PostgresFailure where error.sqlState == "23505" {
            return try await insert(batch, appending: false)
        }
    }

    private func insert(_ batch: InsertBatch, appending: Bool) async throws -> InsertSummary {
        try await writeEvents { connection -> (events: [NewEvent], value: InsertSummary) in
            let logger = database.logger
            let series = try await upsertSeries(batch, on: connection, logger: logger)
            var summary = InsertSummary(replaced: batch.repeatedInBatch, newSeries: series.filter(\.created).count)
            let ids = series.map(\.id)
            let becameHourly = zip(batch.series, series).compactMap { !$1.hourly && InsertBatch.isDenserThanHourly($0.points) ? $1.id : nil }
            // Those that just became hourly are left out: step 3a builds their hourly rollup from all their rows.
            let hourlyIDs = series.compactMap { $0.hourly ? $0.id : nil }
            let threshold = copyFromPoints.load(ordering: .relaxed)
            // Appending series go straight to the partitions (large batches only: COPY costs a round trip more).
            let appends = appending && batch.pointCount >= threshold
                ? batch.series.indices.filter { index in series[index].priorLast.map { batch.series[index].points[0].t > $0 } ?? true }
                : []
            if !appends.isEmpty {
                summary.inserted += try await AppendedPoints.write(appends.map { (batch.series[$0], ids[$0], series[$0].priorLast) },
                                                                   hourlyIDs: Set(hourlyIDs), on: connection, logger: logger)
            }
            let rest = appends.isEmpty ? batch : batch.without(appends)
            let appended = Set(appends)
            let restIDs = batch.series.indices.filter { !appended.contains($0) }.map { ids[$0] }
            let sources: [(MonthPartitions.Month, PointSource)]
            if rest.series.isEmpty {
                sources = []
            } else if rest.pointCount >= threshold {
                try await StagedPoints.copy(rest, ids: restIDs, on: connection, logger: logger)
                sources = rest.months.sorted().map { ($0, .staged($0)) }
            } else {
                sources = rest.pointsByMonth(ids: restIDs).sorted { $0.key < $1.key }.map { ($0.key, .arrays($0.value)) }
            }
            var replaced: [(series: Int64, t: Int64)] = []
            for (month, source) in sources {
                let (fresh, resent) = try await Self.writePoints(from: source, hourlyIDs: hourlyIDs, month: month, on: connection, logger: logger)
                summary.inserted += fresh
                replaced += resent
            }
            summary.replaced += replaced.count
            if !becameHourly.isEmpty { try await Self.startHourlyRollups(becameHourly, on: connection, logger: logger) }
            if !replaced.isEmpty {
                let hourly = Set(zip(batch.series, series).compactMap { $0.1.hourly ? $0.1.id : nil })
                try await Self.recomputeRollups(replaced, hourly: hourly, on: connection, logger: logger)
            }
            return (try batch.ingestEvents(ids: series.map(\.id), timeMs: EventRows.nowMs()), summary)
        }.value
    }

    /// Step 1: the series rows, in the batch's order (sorted by key), with their ids. A series this process has
    /// not seen gets an id allocated in the order the batch first names it (so ids follow arrival, as in SQLite);
    /// when another process created it meanwhile, the stored id wins and the allocated one is never used.
    /// `priorLast` is the newest time the series row held before this statement (nil for a series not stored yet), read
    /// from the statement's snapshot: a forecast of which series only append (see ``AppendedPoints``).
    private func upsertSeries(_ batch: InsertBatch, on connection: PostgresConnection, logger: Logger) async throws
        -> [(id: Int64, hourly: Bool, created: Bool, priorLast: Int64?)] {
        let entries = batch.series
        let known = knownSeries.withLock { known in entries.map { known[$0.key] } }
        let unknown = entries.indices.filter { known[$0] == nil }.sorted { entries[$0].firstSeen < entries[$1].firstSeen }
        var ids = known.map { $0 ?? 0 }
        if !unknown.isEmpty {
            let allocated = try await connection.collect("""
                SELECT nextval(pg_get_serial_sequence('series', 'id')) FROM generate_series(1, \(unknown.count))
                """, logger: logger).map { try $0.decode(Int64.self) }.sorted()
            for (index, id) in zip(unknown, allocated) { ids[index] = id }
        }
        let rows = try await connection.collect("""
            WITH prior AS (SELECT id, last_t FROM series WHERE id = ANY(\(ids)::bigint[])), upserted AS (
            INSERT INTO series (id, variable, source, station_id, cell, organization, lat, lng, last_t, last_value)
            SELECT * FROM unnest(\(ids)::bigint[], \(entries.map(\.key.variable))::text[], \(entries.map(\.key.source))::text[],
                                 \(entries.map(\.key.stationId))::text[], \(entries.map { Int64(bitPattern: $0.key.cell) })::bigint[],
                                 \(entries.map(\.key.organization))::text[], \(entries.map(\.lat))::float8[], \(entries.map(\.lng))::float8[],
                                 \(entries.map(\.newest.t))::bigint[], \(entries.map(\.newest.value))::float8[])
            ON CONFLICT (variable, source, station_id, cell, organization) DO UPDATE SET
                last_t = GREATEST(series.last_t, excluded.last_t),
                last_value = CASE WHEN series.last_t <= excluded.last_t THEN excluded.last_value ELSE series.last_value END
            RETURNING id, hourly, xmax = 0 AS created, variable, source, station_id, cell, organization)
            SELECT u.id, u.hourly, u.created, u.variable, u.source, u.station_id, u.cell, u.organization, p.last_t
            FROM upserted u LEFT JOIN prior p ON p.id = u.id
            """, logger: logger)
        var byKey: [SeriesKey: (id: Int64, hourly: Bool, created: Bool, priorLast: Int64?)] = [:]
        for row in rows {
            let (id, hourly, created, variable, source, station, cell, organization, priorLast) =
                try row.decode((Int64, Bool, Bool, String, String, String, Int64, String, Int64?).self)
            byKey[SeriesKey(variable: variable, source: source, stationId: station, cell: UInt64(bitPattern: cell), organization: organization)] =
                (id, hourly, created, priorLast)
        }
        let result = try entries.map { entry in
            guard let row = byKey[entry.key] else { throw EcoError.storage("the series upsert returned no row for \(entry.key)") }
            return row
        }
        // Remembered before the commit: should it roll back, the id is offered again for the same key only (a sequence
        // value is never handed out twice), and a series created elsewhere meanwhile keeps its own id.
        knownSeries.withLock { known in for (entry, row) in zip(entries, result) { known[entry.key] = row.id } }
        return result
    }

    /// Step 2 for one month: the points into its partition and the new ones into the rollups (hourly ones for the
    /// series in `hourlyIDs` only). Returns how many
    /// points were new and which replaced a stored value.
    private static func writePoints(from source: PointSource, hourlyIDs: [Int64], month: MonthPartitions.Month,
                                    on connection: PostgresConnection, logger: Logger) async throws -> (fresh: Int, replaced: [(series: Int64, t: Int64)]) {
        let observations = MonthPartitions.leaf("observations", month)
        let days = MonthPartitions.leaf("rollup_day", month), hours = MonthPartitions.leaf("rollup_hour", month)
        let rows = try await connection.collect("""
            WITH written AS (
                INSERT INTO \(unescaped: observations) AS o (series_id, t, value, quality)
                \(rowsOf: source)
                ON CONFLICT (series_id, t) DO UPDATE SET value = excluded.value, quality = excluded.quality
                RETURNING series_id, t, value, xmax = 0 AS fresh
            ), day AS (
                INSERT INTO \(unescaped: days) AS r (series_id, bucket, n, sum, min, max, sumsq, vals)
                SELECT series_id, t - ((t % \(dayMs)) + \(dayMs)) % \(dayMs), count(*), sum(value), min(value), max(value), sum(value * value),
                       CASE WHEN count(*) <= \(RollupReads.maxKeptValues) THEN array_agg(value) END
                FROM written WHERE fresh GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (series_id, bucket) DO UPDATE SET \(unescaped: RollupMerge.day)
            ), hour AS (
                INSERT INTO \(unescaped: hours) AS r (series_id, bucket, n, sum, min, max, sumsq)
                SELECT series_id, t - ((t % \(hourMs)) + \(hourMs)) % \(hourMs), count(*), sum(value), min(value), max(value), sum(value * value)
                FROM written WHERE fresh AND series_id = ANY(\(hourlyIDs)::bigint[]) GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (series_id, bucket) DO UPDATE SET \(unescaped: RollupMerge.hour)
            )
            SELECT count(*) FILTER (WHERE fresh), COALESCE(array_agg(series_id) FILTER (WHERE NOT fresh), '{}'),
                   COALESCE(array_agg(t) FILTER (WHERE NOT fresh), '{}')
            FROM written
            """, logger: logger)
        guard let row = rows.first else { throw EcoError.storage("the observation insert returned no summary") }
        let (fresh, series, times) = try row.decode((Int64, [Int64], [Int64]).self)
        return (Int(fresh), zip(series, times).map { ($0, $1) })
    }

    /// Step 3a: marks series as denser than hourly and builds their hourly rollup from all their raw rows
    /// (this batch's included, which is why step 2 left them out).
    private static func startHourlyRollups(_ ids: [Int64], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("UPDATE series SET hourly = true WHERE id = ANY(\(ids)::bigint[])", logger: logger)
        try await connection.run("""
            INSERT INTO rollup_hour (series_id, bucket, n, sum, min, max, sumsq)
            SELECT series_id, t - ((t % \(hourMs)) + \(hourMs)) % \(hourMs), count(*), sum(value), min(value), max(value), sum(value * value)
            FROM observations WHERE series_id = ANY(\(ids)::bigint[]) GROUP BY 1, 2
            ON CONFLICT (series_id, bucket) DO UPDATE SET
                n = excluded.n, sum = excluded.sum, min = excluded.min, max = excluded.max, sumsq = excluded.sumsq
            """, logger: logger)
    }

    /// Step 3b: buckets that had a value replaced, recomputed from the raw rows (daily for every series, hourly
    /// for those that keep hourly rollups).
    private static func recomputeRollups(_ replaced: [(series: Int64, t: Int64)], hourly: Set<Int64>, on connection: PostgresConnection,
                                         logger: Logger) async throws {
        let days = Set(replaced.map { RollupBucket(series: $0.series, start: TimeBucket.day.start(ofMs: $0.t)) })
        try await connection.run("""
            INSERT INTO rollup_day (series_id, bucket, n, sum, min, max, sumsq, vals)
            SELECT d.series_id, d.bucket, count(*), sum(o.value), min(o.value), max(o.value), sum(o.value * o.value),
                   CASE WHEN count(*) <= \(RollupReads.maxKeptValues) THEN array_agg(o.value) END
            FROM unnest(\(days.map(\.series))::bigint[], \(days.map(\.start))::bigint[]) AS d(series_id, bucket)
            JOIN observations o ON o.series_id = d.series_id AND o.t >= d.bucket AND o.t < d.bucket + \(dayMs)
            GROUP BY 1, 2
            ON CONFLICT (series_id, bucket) DO UPDATE SET
                n = excluded.n, sum = excluded.sum, min = excluded.min, max = excluded.max, sumsq = excluded.sumsq, vals = excluded.vals
            """, logger: logger)
        let hours = Set(replaced.filter { hourly.contains($0.series) }.map { RollupBucket(series: $0.series, start: TimeBucket.hour.start(ofMs: $0.t)) })
        guard !hours.isEmpty else { return }
        try await connection.run("""
            INSERT INTO rollup_hour (series_id, bucket, n, sum, min, max, sumsq)
            SELECT d.series_id, d.bucket, count(*), sum(o.value), min(o.value), max(o.value), sum(o.value * o.value)
            FROM unnest(\(hours.map(\.series))::bigint[], \(hours.map(\.start))::bigint[]) AS d(series_id, bucket)
            JOIN observations o ON o.series_id = d.series_id AND o.t >= d.bucket AND o.t < d.bucket + \(hourMs)
            GROUP BY 1, 2
            ON CONFLICT (series_id, bucket) DO UPDATE SET
                n = excluded.n, sum = excluded.sum, min = excluded.min, max = excluded.max, sumsq = excluded.sumsq
            """, logger: logger)
    }
}

/// A rollup row's key.
struct RollupBucket: Hashable {
    var series: Int64
    var start: Int64
}
