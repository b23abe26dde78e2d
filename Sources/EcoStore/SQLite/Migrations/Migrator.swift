import Foundation

/// Applies pending migrations in order and records each one; refuses a newer schema.
enum Migrator {
    static func migrate(_ connection: SQLiteConnection, migrations: [Migration] = Migrations.all) throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)
            """)
        let current = try appliedVersion(connection)
        let latest = migrations.last?.version ?? 0
        if current > latest {
            throw StoreError.schemaTooNew(found: current, supported: latest, path: connection.path)
        }
        for migration in migrations where migration.version > current {
            try connection.transaction {
                try connection.execute(migration.sql)
                let record = try connection.statement("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
                record.bind(1, Int64(migration.version)).bind(2, migration.name).bind(3, Int64(Date().timeIntervalSince1970 * 1000))
                try record.run()
            }
        }
    }

    static func appliedVersion(_ connection: SQLiteConnection) throws -> Int {
        let query = try connection.statement("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        defer { query.reset() }
        return try query.step() ? Int(query.int64(0)) : 0
    }
}

/// Failures of the store that users can act on.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    case schemaTooNew(found: Int, supported: Int, path: String)
    case closed
    /// A read ran longer than the configured query timeout and was stopped.
    case queryTimedOut(limit: Duration)

    public var description: String {
        switch self {
        case let .schemaTooNew(found, supported, path):
            "The database at \(path) has schema version \(found), but this ecotrack supports up to \(supported). Upgrade ecotrack, or point --database at another file."
        case .closed:
            "The store is closed."
        case let .queryTimedOut(limit):
            "The query ran longer than the \(limit.components.seconds) s limit and was stopped; narrow the time window or region, use coarser buckets, or export with format=ndjson."
        }
    }
}
