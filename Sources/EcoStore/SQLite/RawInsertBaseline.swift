import EcoCore
import Foundation

/// The reference for ingest benchmarks: the same rows inserted the plainest fast way SQLite
/// allows — one transaction, one prepared INSERT into an observations table of the same shape,
/// series ids given, no rollups, no series bookkeeping.
public enum RawInsertBaseline {
    /// Inserts `rows` (series id, time, value) into a fresh database under `directory` and
    /// returns the seconds it took, commit included.
    public static func run(rows: [(series: Int64, t: Int64, value: Double)], directory: URL) throws -> Double {
        let path = directory.appendingPathComponent("raw-baseline.sqlite").path
        let db = try SQLiteConnection(path: path)
        defer { db.close() }
        try db.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        try db.execute("""
            CREATE TABLE observations (series_id INTEGER NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL,
            quality INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (series_id, t)) WITHOUT ROWID
            """)
        let started = ContinuousClock.now
        try db.transaction {
            let insert = try db.statement("INSERT INTO observations (series_id, t, value, quality) VALUES (?, ?, ?, 0)")
            for row in rows {
                insert.bind(1, row.series).bind(2, row.t).bind(3, row.value)
                try insert.run()
            }
        }
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
