import EcoCore
import EcoStore
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
