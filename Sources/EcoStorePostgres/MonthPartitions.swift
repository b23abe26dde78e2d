import EcoTime
import Logging
import PostgresNIO
import Synchronization

/// The monthly partitions of `observations`, `rollup_hour` and `rollup_day` (UTC calendar months of
/// their epoch-ms time): created ahead of time at start, on demand for any month an insert reaches,
/// and dropped whole by retention. Creation runs in its own short transaction under an advisory lock,
/// never inside an insert's transaction (it takes a strong lock on the parent tables).
final class MonthPartitions: Sendable {
    /// A UTC calendar month as epoch-ms bounds [start, end).
    struct Month: Hashable, Comparable, Sendable {
        var startMs: Int64
        var endMs: Int64
        var year: Int64
        var month: Int64

        /// The month containing `ms`.
        init(containing ms: Int64) {
            let dayMs: Int64 = 86_400_000
            let days = ms >= 0 ? ms / dayMs : (ms - dayMs + 1) / dayMs
            let date = CivilDate.int64Date(fromDays: days)
            year = date.year
            month = date.month
            startMs = CivilDate.int64Days(year: year, month: month, day: 1) * dayMs
            let next = month == 12 ? (year + 1, Int64(1)) : (year, month + 1)
            endMs = CivilDate.int64Days(year: next.0, month: next.1, day: 1) * dayMs
        }

        /// The month after this one.
        var next: Month { Month(containing: endMs) }

        /// Table-name suffix, e.g. `y2024m01`.
        var suffix: String { "y\(year)m\(month < 10 ? "0" : "")\(month)" }

        static func < (a: Month, b: Month) -> Bool { a.startMs < b.startMs }
    }

    static let tables = ["observations", "rollup_hour", "rollup_day"]

    private let database: Database
    private let schema: String
    private let known = Mutex<Set<Int64>>([])

    init(database: Database, schema: String) {
        self.database = database
        self.schema = schema
    }

    /// The leaf table of `table` for `month`, quoted for SQL.
    static func leaf(_ table: String, _ month: Month) -> String { "\"\(table)_\(month.suffix)\"" }

    /// Reads the months that exist and creates the current one and `ahead` more.
    func start(nowMs: Int64, ahead: Int) async throws {
        let existing = try await database.rows("SELECT start_ms FROM observation_months") { try $0.decode(Int64.self) }
        known.withLock { $0.formUnion(existing) }
        var month = Month(containing: nowMs)
        var wanted: [Month] = [month]
        for _ in 0..<ahead {
            month = month.next
            wanted.append(month)
        }
        try await ensure(wanted)
    }

    /// Makes sure every month in `months` has its partitions (creating the missing ones).
    func ensure(_ months: some Collection<Month>) async throws {
        let missing = known.withLock { known in Set(months.filter { !known.contains($0.startMs) }) }
        guard !missing.isEmpty else { return }
        try await database.transaction { connection in
            _ = try await connection.collect("SELECT pg_advisory_xact_lock(hashtext(\(self.schema + ".partitions")))", logger: database.logger)
            for month in missing.sorted() {
                for table in Self.tables {
                    try await connection.run(PostgresQuery(unsafeSQL: """
                        CREATE TABLE IF NOT EXISTS \(Self.leaf(table, month)) PARTITION OF \(table) FOR VALUES FROM (\(month.startMs)) TO (\(month.endMs))
                        """), logger: database.logger)
                }
                try await connection.run("""
                    INSERT INTO observation_months (start_ms, end_ms, suffix) VALUES (\(month.startMs), \(month.endMs), \(month.suffix))
                    ON CONFLICT (start_ms) DO NOTHING
                    """, logger: database.logger)
            }
        }
        known.withLock { $0.formUnion(missing.map(\.startMs)) }
        database.logger.debug("observation partitions created", metadata: ["store.months": "\(missing.sorted().map(\.suffix))"])
    }

    /// Forgets what this process believed about existing months (after another process dropped one).
    func forget() {
        known.withLock { $0.removeAll() }
    }

    /// Reloads the months that exist from the database.
    func reload() async throws {
        let existing = try await database.rows("SELECT start_ms FROM observation_months") { try $0.decode(Int64.self) }
        known.withLock { $0 = Set(existing) }
    }

    /// Drops every month that ends at or before `cutoffMs`, with its rollups; returns the months dropped.
    func drop(endingBy cutoffMs: Int64) async throws -> [Month] {
        let dropped = try await database.transaction { connection -> [Month] in
            _ = try await connection.collect("SELECT pg_advisory_xact_lock(hashtext(\(self.schema + ".partitions")))", logger: database.logger)
            let rows = try await connection.collect("""
                SELECT start_ms FROM observation_months WHERE end_ms <= \(cutoffMs) ORDER BY start_ms
                """, logger: database.logger)
            let months = try rows.map { Month(containing: try $0.decode(Int64.self)) }
            for month in months {
                for table in Self.tables {
                    try await connection.run(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(Self.leaf(table, month))"), logger: database.logger)
                }
                try await connection.run("DELETE FROM observation_months WHERE start_ms = \(month.startMs)", logger: database.logger)
            }
            return months
        }
        known.withLock { known in for month in dropped { known.remove(month.startMs) } }
        return dropped
    }

    /// The months that exist, oldest first.
    func months() async throws -> [Month] {
        try await database.rows("SELECT start_ms FROM observation_months ORDER BY start_ms") { Month(containing: try $0.decode(Int64.self)) }
    }
}
