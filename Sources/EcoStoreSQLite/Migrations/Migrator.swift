import EcoCore
import EcoStore
import Foundation

/// Applies, in order of version, every migration not recorded yet (so a migration merged later with a lower
/// number than one already applied still runs, and numbers may have gaps); refuses a newer schema.
enum Migrator {
    static func migrate(_ connection: SQLiteConnection, migrations: [Migration] = Migrations.all) throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)
            """)
        let applied = try appliedVersions(connection)
        let latest = migrations.map(\.version).max() ?? 0
        if let current = applied.max(), current > latest {
            throw StoreError.schemaTooNew(found: current, supported: latest, path: connection.path)
        }
        for migration in migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version) {
            try connection.transaction {
                try connection.execute(migration.sql)
                let record = try connection.statement("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
                record.bind(1, Int64(migration.version)).bind(2, migration.name).bind(3, Int64(Date().timeIntervalSince1970 * 1000))
                try record.run()
            }
        }
    }

    /// Every recorded version.
    static func appliedVersions(_ connection: SQLiteConnection) throws -> Set<Int> {
        let query = try connection.statement("SELECT version FROM schema_migrations")
        defer { query.reset() }
        var versions = Set<Int>()
        while try query.step() { versions.insert(Int(query.int64(0))) }
        return versions
    }

    static func appliedVersion(_ connection: SQLiteConnection) throws -> Int {
        let query = try connection.statement("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        defer { query.reset() }
        return try query.step() ? Int(query.int64(0)) : 0
    }
}
