import EcoCore
import EcoStore
import EcoStorePostgres
import Foundation
import Logging
import PostgresNIO

/// `ecotrack bench ingest --database postgres://…`: bulk store ingest into PostgreSQL against a raw
/// COPY of the same rows into a table of the same shape (same columns, primary key and monthly
/// partitions, no rollups, no series, no events), both in a fresh schema that is dropped afterwards.
enum PostgresIngestBenchmark {
    static func run(url: String, series: Int, perSeries: Int, batchSize: Int = 50_000) async throws -> String {
        var lines = ["machine: \(BenchmarkClock.machine)", "database: \(try PostgresLocation(parsing: url).description)"]
        let rows = IngestBenchmark.observations(series: series, perSeries: perSeries)
        let schema = BenchSchema(url: url)

        // The raw baseline first, on a cold table of its own.
        let raw = rows.enumerated().map { (series: Int64($0.offset / perSeries + 1), t: $0.element.observedAtMs, value: $0.element.value) }
        let rawSeconds = try await RawCopyBaseline.run(rows: raw, url: url, schema: schema.name)

        // The batches are cut before the clock starts, as the raw side's rows are built before its clock.
        let batches = stride(from: 0, to: rows.count, by: batchSize).map { Array(rows[$0..<min($0 + batchSize, rows.count)]) }
        let store = try await PostgresStore.open(url: schema.url)
        let storeSeconds = try await BenchmarkClock.seconds {
            for batch in batches { _ = try await store.insert(batch) }
        }
        try await store.close()
        try await schema.drop()
        let rawRate = Double(rows.count) / rawSeconds, storeRate = Double(rows.count) / storeSeconds
        lines.append(String(format: "bulk ingest (store, rollups, events, batches of %d): %d rows in %.2f s = %.0f rows/s", batchSize, rows.count, storeSeconds, storeRate))
        lines.append(String(format: "raw COPY, same rows, same table shape:               %d rows in %.2f s = %.0f rows/s", rows.count, rawSeconds, rawRate))
        lines.append(String(format: "store / raw COPY: %.0f%%", 100 * storeRate / rawRate))
        return lines.joined(separator: "\n")
    }
}

/// A throwaway schema on the benchmark's server: its URL for a store, and a way to drop it.
struct BenchSchema {
    let base: String
    let name = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()

    init(url: String) { base = url }

    var url: String { base + (base.contains("?") ? "&" : "?") + "schema=\(name)" }

    func drop() async throws {
        try await BenchConnection.with(url: base, schema: nil) { connection, logger in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(name)\" CASCADE"), logger: logger)
        }
    }
}

/// One plain connection to the benchmark's server (not a store's pool).
enum BenchConnection {
    static func with<T>(url: String, schema: String?, _ body: (PostgresConnection, Logger) async throws -> T) async throws -> T {
        let location = try PostgresLocation(parsing: url)
        var configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: .disable)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", "\"\(schema)\"")] }
        let logger = Logger(label: "bench")
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            let result = try await body(connection, logger)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// The reference for PostgreSQL ingest: the rows sent with COPY (text format, the one PostgresNIO
/// offers) into `raw_observations`, a table shaped as the store's `observations` (same columns, primary
/// key, monthly range partitions), series ids given, nothing else. Its own connection and SQL, so it
/// shares no code with the store it is compared with.
enum RawCopyBaseline {
    /// Creates the table in `schema`, copies `rows` and returns the seconds the COPY took.
    static func run(rows: [(series: Int64, t: Int64, value: Double)], url: String, schema: String) async throws -> Double {
        try await BenchConnection.with(url: url, schema: nil) { connection, logger in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \"\(schema)\""), logger: logger)
        }
        return try await BenchConnection.with(url: url, schema: schema) { connection, logger in
            try await connection.query("""
                CREATE TABLE raw_observations (series_id bigint NOT NULL, t bigint NOT NULL, value float8 NOT NULL,
                    quality smallint NOT NULL DEFAULT 0, PRIMARY KEY (series_id, t)) PARTITION BY RANGE (t)
                """, logger: logger)
            let months = Set(rows.map { monthStart($0.t) }).sorted()
            for start in months {
                try await connection.query(PostgresQuery(unsafeSQL: """
                    CREATE TABLE "raw_observations_\(start)" PARTITION OF raw_observations FOR VALUES FROM (\(start)) TO (\(nextMonthStart(start)))
                    """), logger: logger)
            }
            return try await BenchmarkClock.seconds {
                try await connection.copyFrom(table: "raw_observations", columns: ["series_id", "t", "value", "quality"], logger: logger) { writer in
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(1 << 20)
                    for row in rows {
                        buffer.writeString("\(row.series)\t\(row.t)\t\(row.value)\t0\n")
                        if buffer.readableBytes >= 1 << 20 {
                            try await writer.write(buffer)
                            buffer.clear()
                        }
                    }
                    if buffer.readableBytes > 0 { try await writer.write(buffer) }
                }
            }
        }
    }

    /// The first millisecond of the UTC month containing `t`.
    static func monthStart(_ t: Int64) -> Int64 {
        let days = t >= 0 ? t / 86_400_000 : (t - 86_399_999) / 86_400_000
        let date = CivilDate.int64Date(fromDays: days)
        return CivilDate.int64Days(year: date.year, month: date.month, day: 1) * 86_400_000
    }

    static func nextMonthStart(_ start: Int64) -> Int64 {
        monthStart(start + 32 * 86_400_000)
    }
}
