import EcoCore
import PostgresNIO

/// The bulk-append case of a large insert: series whose every point in the batch is newer than the newest time
/// the series row held before (new series included). Their points cannot replace a stored value, so they are
/// COPYed straight into `observations` (PostgreSQL routes them to the month partitions) with no staging table and
/// no conflict handling, and their rollup contributions are summed here while encoding, then upserted in one
/// statement per rollup table: far fewer rows than points.
///
/// The newest time is read without a lock (a writer may commit newer points meanwhile), so it is a forecast, not a
/// guarantee: should a point exist after all, the COPY fails on the primary key (`23505`), the transaction rolls
/// back, and the insert is retried through the upsert path (``PostgresStore``'s insert does that).
enum AppendedPoints {
    /// One rollup row's contribution: count, sum, min, max, sum of squares, and (for daily rows) the values.
    struct Contribution {
        var series: Int64
        var bucket: Int64
        var n = 0
        var sum = 0.0, min = Double.infinity, max = -Double.infinity, sumsq = 0.0
        var values: [Double] = []

        /// Adds one point's value (to ``values`` too when `keeping`, for daily rows).
        mutating func add(_ value: Double, keeping: Bool) {
            n += 1; sum += value; min = Swift.min(min, value); max = Swift.max(max, value); sumsq += value * value
            if keeping && n <= RollupReads.maxKeptValues { values.append(value) }
        }
    }

    /// COPYs `series`' points into `observations` and adds their daily rollups (and hourly ones for the ids in
    /// `hourlyIDs`). Returns how many points were written.
    static func write(_ series: [(entry: InsertBatch.Series, id: Int64, priorLast: Int64?)], hourlyIDs: Set<Int64>, on connection: PostgresConnection,
                      logger: Logger) async throws -> Int {
        var days: [Contribution] = [], hours: [Contribution] = []
        var written = 0
        try await connection.copyFrom(table: "observations", columns: ["series_id", "t", "value", "quality"], logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(StagedPoints.chunkBytes + 128)
            for (entry, id, _) in series {
                let hourly = hourlyIDs.contains(id)
                // A series' points are sorted by time, so each bucket is one run of them: summed in a local value
                // that is kept when the run ends (cheaper per point than growing the last element of an array).
                var day = Contribution(series: id, bucket: Int64.min), hour = Contribution(series: id, bucket: Int64.min)
                var dayEnd = Int64.min, hourEnd = Int64.min
                for point in entry.points {
                    buffer.writeCopyPoint(series: id, point)
                    if point.t >= dayEnd {
                        if day.n > 0 { days.append(day) }
                        day = Contribution(series: id, bucket: TimeBucket.day.start(ofMs: point.t))
                        dayEnd = day.bucket + PostgresStore.dayMs
                    }
                    day.add(point.value, keeping: true)
                    if hourly {
                        if point.t >= hourEnd {
                            if hour.n > 0 { hours.append(hour) }
                            hour = Contribution(series: id, bucket: TimeBucket.hour.start(ofMs: point.t))
                            hourEnd = hour.bucket + PostgresStore.hourMs
                        }
                        hour.add(point.value, keeping: false)
                    }
                    if buffer.readableBytes >= StagedPoints.chunkBytes {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if day.n > 0 { days.append(day) }
                if hour.n > 0 { hours.append(hour) }
                written += entry.points.count
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        // A bucket that starts after the series' newest stored time holds no stored point, so it has no rollup row
        // yet: those rows are COPYed too (a wrong forecast fails on the key, as above). Only a series' first bucket
        // can already exist, and is merged by an upsert.
        let prior = Dictionary(series.map { ($0.id, $0.priorLast ?? Int64.min) }, uniquingKeysWith: { first, _ in first })
        let (mergedDays, newDays) = days.partitionedByExisting(prior), (mergedHours, newHours) = hours.partitionedByExisting(prior)
        if !newDays.isEmpty { try await copy(newDays, into: "rollup_day", keepingValues: true, on: connection, logger: logger) }
        if !newHours.isEmpty { try await copy(newHours, into: "rollup_hour", keepingValues: false, on: connection, logger: logger) }
        if !mergedDays.isEmpty { try await addDays(mergedDays, on: connection, logger: logger) }
        if !mergedHours.isEmpty { try await addHours(mergedHours, on: connection, logger: logger) }
        return written
    }

    /// Rollup rows of buckets no stored point can fall in, as COPY text (kept values as an array literal).
    private static func copy(_ rows: [Contribution], into table: String, keepingValues: Bool, on connection: PostgresConnection,
                             logger: Logger) async throws {
        let columns = ["series_id", "bucket", "n", "sum", "min", "max", "sumsq"] + (keepingValues ? ["vals"] : [])
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var buffer = ByteBuffer()
            for row in rows {
                buffer.writeCopyInteger(row.series)
                buffer.writeCopyColumn(row.bucket)
                buffer.writeCopyColumn(Int64(row.n))
                buffer.writeCopyColumn(row.sum)
                buffer.writeCopyColumn(row.min)
                buffer.writeCopyColumn(row.max)
                buffer.writeCopyColumn(row.sumsq)
                if keepingValues {
                    if row.n <= RollupReads.maxKeptValues {
                        buffer.writeString("\t{")
                        for (index, value) in row.values.enumerated() {
                            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                            buffer.writeCopyDouble(value)
                        }
                        buffer.writeString("}")
                    } else {
                        buffer.writeString("\t\\N")
                    }
                }
                buffer.writeInteger(UInt8(ascii: "\n"))
            }
            try await writer.write(buffer)
        }
    }

    /// The daily rows, values kept as the upsert path keeps them (at most ``RollupReads/maxKeptValues``): all the
    /// kept values go as one flat array, and each row takes its slice of it (`len` -1 keeps none).
    private static func addDays(_ rows: [Contribution], on connection: PostgresConnection, logger: Logger) async throws {
        var flat: [Double] = [], offsets: [Int64] = [], lengths: [Int64] = []
        for row in rows {
            let kept = row.n <= RollupReads.maxKeptValues
            offsets.append(Int64(flat.count))
            lengths.append(kept ? Int64(row.values.count) : -1)
            if kept { flat += row.values }
        }
        try await connection.run("""
            INSERT INTO rollup_day AS r (series_id, bucket, n, sum, min, max, sumsq, vals)
            SELECT d.series_id, d.bucket, d.n, d.sum, d.min, d.max, d.sumsq,
                   CASE WHEN d.len < 0 THEN NULL ELSE (\(flat)::float8[])[d.off + 1 : d.off + d.len] END
            FROM unnest(\(rows.map(\.series))::bigint[], \(rows.map(\.bucket))::bigint[], \(rows.map { Int64($0.n) })::bigint[],
                        \(rows.map(\.sum))::float8[], \(rows.map(\.min))::float8[], \(rows.map(\.max))::float8[],
                        \(rows.map(\.sumsq))::float8[], \(offsets)::bigint[], \(lengths)::bigint[])
                 AS d(series_id, bucket, n, sum, min, max, sumsq, off, len)
            ON CONFLICT (series_id, bucket) DO UPDATE SET \(unescaped: RollupMerge.day)
            """, logger: logger)
    }

    private static func addHours(_ rows: [Contribution], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("""
            INSERT INTO rollup_hour AS r (series_id, bucket, n, sum, min, max, sumsq)
            SELECT * FROM unnest(\(rows.map(\.series))::bigint[], \(rows.map(\.bucket))::bigint[], \(rows.map { Int64($0.n) })::bigint[],
                                 \(rows.map(\.sum))::float8[], \(rows.map(\.min))::float8[], \(rows.map(\.max))::float8[],
                                 \(rows.map(\.sumsq))::float8[])
            ON CONFLICT (series_id, bucket) DO UPDATE SET \(unescaped: RollupMerge.hour)
            """, logger: logger)
    }
}

/// How a rollup row (alias `r`) takes in a contribution of new points (`excluded`), shared by both insert paths.
enum RollupMerge {
    static let hour = """
        n = r.n + excluded.n, sum = r.sum + excluded.sum, min = LEAST(r.min, excluded.min), max = GREATEST(r.max, excluded.max),
        sumsq = r.sumsq + excluded.sumsq
        """
    /// As ``hour``, and the kept values appended while both sides kept theirs and the total stays within the limit.
    static let day = hour + """
        ,
        vals = CASE WHEN r.vals IS NULL OR excluded.vals IS NULL
                      OR cardinality(r.vals) + cardinality(excluded.vals) > \(RollupReads.maxKeptValues) THEN NULL
                    ELSE r.vals || excluded.vals END
        """
}

extension [AppendedPoints.Contribution] {
    /// The rows whose bucket may already hold stored points (it starts at or before the series' newest stored time,
    /// by series id in `prior`), then the others.
    func partitionedByExisting(_ prior: [Int64: Int64]) -> (existing: [AppendedPoints.Contribution], new: [AppendedPoints.Contribution]) {
        var existing: [AppendedPoints.Contribution] = [], new: [AppendedPoints.Contribution] = []
        for row in self {
            if row.bucket <= prior[row.series] ?? Int64.min { existing.append(row) } else { new.append(row) }
        }
        return (existing, new)
    }
}
