import Foundation
import VaporCSQLite

/// The reference for ingest benchmarks: the same rows inserted the plainest fast way SQLite
/// allows — one transaction, one prepared INSERT into an observations table of the same shape,
/// series ids given, no rollups, no series bookkeeping. Straight on SQLite's C API, so it shares
/// no code with the store it is compared with.
enum RawInsertBaseline {
    /// Inserts `rows` (series id, time, value) into a fresh database under `directory` and
    /// returns the seconds it took, commit included.
    static func run(rows: [(series: Int64, t: Int64, value: Double)], directory: URL) throws -> Double {
        let path = directory.appendingPathComponent("raw-baseline.sqlite").path
        var db: OpaquePointer?
        guard sqlite_nio_sqlite3_open(path, &db) == SQLITE_OK, let db else { throw BenchmarkFailure("cannot open \(path)") }
        defer { sqlite_nio_sqlite3_close(db) }
        func execute(_ sql: String) throws {
            guard sqlite_nio_sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw BenchmarkFailure(String(cString: sqlite_nio_sqlite3_errmsg(db))) }
        }
        try execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        try execute("""
            CREATE TABLE observations (series_id INTEGER NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL,
            quality INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (series_id, t)) WITHOUT ROWID
            """)
        let started = ContinuousClock.now
        try execute("BEGIN")
        var insert: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(db, "INSERT INTO observations (series_id, t, value, quality) VALUES (?, ?, ?, 0)", -1, &insert, nil) == SQLITE_OK else {
            throw BenchmarkFailure(String(cString: sqlite_nio_sqlite3_errmsg(db)))
        }
        defer { sqlite_nio_sqlite3_finalize(insert) }
        for row in rows {
            sqlite_nio_sqlite3_bind_int64(insert, 1, row.series)
            sqlite_nio_sqlite3_bind_int64(insert, 2, row.t)
            sqlite_nio_sqlite3_bind_double(insert, 3, row.value)
            guard sqlite_nio_sqlite3_step(insert) == SQLITE_DONE else { throw BenchmarkFailure(String(cString: sqlite_nio_sqlite3_errmsg(db))) }
            sqlite_nio_sqlite3_reset(insert)
        }
        try execute("COMMIT")
        return BenchmarkClock.secondsOf(ContinuousClock.now - started)
    }
}
