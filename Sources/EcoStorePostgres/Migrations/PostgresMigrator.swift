import EcoStore
import Foundation
import Logging
import PostgresNIO

/// One numbered, append-only change to this adapter's schema. Once released, a migration is never edited.
struct PostgresMigration: Sendable {
    var version: Int
    var name: String
    var apply: @Sendable (MigrationContext) async throws -> Void
}

/// What a migration may do: run statements in the migrating transaction, and ask about the database.
struct MigrationContext: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    let postgis: PostgresLocation.PostGISMode

    /// Runs each statement of `script` (statements end with a semicolon at the end of a line).
    func run(_ script: String) async throws {
        for statement in script.components(separatedBy: ";\n") {
            let sql = statement.trimmingCharacters(in: .whitespacesAndNewlines)
            if !sql.isEmpty { try await connection.run(PostgresQuery(unsafeSQL: sql), logger: logger) }
        }
    }

    /// Runs `statement` whole, semicolons and all (a function's body).
    func runStatement(_ statement: String) async throws {
        try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
    }

    /// The schema PostGIS lives in, installing it into `public` when it is available but not installed;
    /// nil when it is switched off, not available, or cannot be installed (not a superuser).
    func postGISSchema() async throws -> String? {
        guard postgis == .auto else { return nil }
        if let installed = try await installedPostGISSchema() { return installed }
        // An extension belongs to the whole database: processes migrating other schemas install it one at a
        // time (the lock is held until this migration commits), and the next one finds it installed.
        _ = try await connection.collect("SELECT pg_advisory_xact_lock(\(PostgresMigrator.databaseLockKey))", logger: logger)
        if let installed = try await installedPostGISSchema() { return installed }
        let available = try await connection.collect("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'", logger: logger)
        guard !available.isEmpty else { return nil }
        // A failed CREATE EXTENSION (no privilege) must not abort the migration: a savepoint keeps it apart.
        try await connection.run("SAVEPOINT postgis", logger: logger)
        do {
            try await connection.run("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public", logger: logger)
            try await connection.run("RELEASE SAVEPOINT postgis", logger: logger)
        } catch {
            try await connection.run("ROLLBACK TO SAVEPOINT postgis", logger: logger)
            logger.warning("PostGIS is available but could not be installed; bounding boxes use H3 cells only", metadata: ["error": "\(error)"])
            return nil
        }
        return try await installedPostGISSchema()
    }

    private func installedPostGISSchema() async throws -> String? {
        try await connection.collect("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'postgis'", logger: logger)
            .first.map { try $0.decode(String.self) }
    }
}

/// Every migration of this adapter, in order of version; add new ones at the end with a larger number. Gaps
/// are allowed: the migrator applies whatever it has not recorded.
enum PostgresMigrations {
    static let all: [PostgresMigration] = [
        Migration0001Initial.migration,
        Migration0002Positions.migration,
        Migration0003Carbon.migration,
        Migration0004Organizations.migration,
        Migration0005EquityAndScenarios.migration,
        Migration0006TrainingJobLeases.migration,
        Migration0007CarbonImportLeases.migration,
        Migration0009Entries.migration,
        Migration0010ModelArtifactKey.migration,
        Migration0011Datasets.migration,
        Migration0012EntryEnrichment.migration,
        Migration0013Yields.migration,
        Migration0014SharedLimits.migration,
        Migration0015EventSequencing.migration,
    ]

    static var latestVersion: Int { all.last?.version ?? 0 }
}

/// Applies, in order of version, every migration not recorded yet (a migration merged later with a lower number
/// than one already applied still runs; numbers may have gaps) in one transaction, under an advisory lock of the schema so processes that
/// start together on one schema migrate one after the other (other schemas go on meanwhile); refuses a
/// schema newer than this binary.
enum PostgresMigrator {
    /// Key of the advisory lock for what belongs to the whole database (installing PostGIS): any constant
    /// unique to EcoTrack. A schema's migrations lock `hashtext('ecotrack.migrate:' || schema)` instead.
    static let databaseLockKey: Int64 = 0x4563_6F54_7261_636B  // "EcoTrack"

    static func migrate(_ database: Database, location: PostgresLocation, migrations: [PostgresMigration] = PostgresMigrations.all) async throws {
        try await database.transaction { connection in
            // Waiting for another process's migration, or a migration rewriting a large table, may take longer
            // than a query may: no statement timeout inside this transaction.
            try await connection.run("SET LOCAL statement_timeout = 0", logger: database.logger)
            // Rows collected: PostgresNIO reports an error of a row-returning statement only to whoever reads its rows.
            _ = try await connection.collect("SELECT pg_advisory_xact_lock(hashtext(\("ecotrack.migrate:" + location.schema)))", logger: database.logger)
            try await connection.run(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(location.schema)\""), logger: database.logger)
            try await connection.run(PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \"\(location.schema)\", public"), logger: database.logger)
            try await connection.run("""
                CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)
                """, logger: database.logger)
            let applied = try await connection.collect("SELECT version::bigint FROM schema_migrations", logger: database.logger)
                .map { Int(try $0.decode(Int64.self)) }
            let latest = migrations.map(\.version).max() ?? 0
            if let current = applied.max(), current > latest {
                throw StoreError.schemaTooNew(found: current, supported: latest, path: location.description)
            }
            let context = MigrationContext(connection: connection, logger: database.logger, postgis: location.postgis)
            for migration in migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version) {
                try await migration.apply(context)
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await connection.run("""
                    INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(migration.version), \(migration.name), \(now))
                    """, logger: database.logger)
                database.logger.info("schema migrated", metadata: ["store.schema_version": "\(migration.version)", "store.migration": "\(migration.name)"])
            }
        }
    }

    static func appliedVersion(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.collect("SELECT COALESCE(MAX(version), 0)::bigint FROM schema_migrations", logger: logger)
            .first.map { Int(try $0.decode(Int64.self)) } ?? 0
    }
}
