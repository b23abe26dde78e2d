import PostgresNIO

/// Where one month's points come from in the insert statement: bound arrays (`unnest`), or the rows a large
/// batch sent with COPY into a temporary staging table of its transaction (``StagedPoints``).
enum PointSource {
    case arrays(PointColumns)
    case staged(MonthPartitions.Month)
}

extension PostgresQuery.StringInterpolation {
    /// A `SELECT` of `(series_id, t, value, quality)` rows from `source`.
    mutating func appendInterpolation(rowsOf source: PointSource) {
        switch source {
        case .arrays(let points):
            appendLiteral("SELECT * FROM unnest(")
            appendInterpolation(points.series)
            appendLiteral("::bigint[], ")
            appendInterpolation(points.times)
            appendLiteral("::bigint[], ")
            appendInterpolation(points.values)
            appendLiteral("::float8[], ")
            appendInterpolation(points.qualities)
            appendLiteral("::smallint[])")
        case .staged(let month):
            appendLiteral("SELECT series_id, t, value, quality FROM \(StagedPoints.table) WHERE t >= ")
            appendInterpolation(month.startMs)
            appendLiteral(" AND t < ")
            appendInterpolation(month.endMs)
        }
    }
}

/// Large batches reach PostgreSQL through `COPY … FROM STDIN` (text format, the one PostgresNIO offers) into
/// a temporary table dropped at commit, instead of as bound arrays: far fewer bytes to encode and parse.
/// The points are then upserted from it month by month as the array path does, in the same transaction.
enum StagedPoints {
    static let table = "ingest_staging"

    /// Creates the staging table in the transaction on `connection` and copies the batch's points into it,
    /// given each series' id.
    static func copy(_ batch: InsertBatch, ids: [Int64], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("""
            CREATE TEMPORARY TABLE \(unescaped: table) (series_id bigint NOT NULL, t bigint NOT NULL, value float8 NOT NULL,
                quality smallint NOT NULL) ON COMMIT DROP
            """, logger: logger)
        try await connection.copyFrom(table: table, columns: ["series_id", "t", "value", "quality"], logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(chunkBytes + 128)
            for (entry, id) in zip(batch.series, ids) {
                for point in entry.points {
                    buffer.writeCopyPoint(series: id, point)
                    if buffer.readableBytes >= chunkBytes {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    static let chunkBytes = 1 << 20
}
