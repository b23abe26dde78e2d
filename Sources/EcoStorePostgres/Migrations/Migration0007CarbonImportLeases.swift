import PostgresNIO

/// Leases on running carbon CSV imports (issue #15), as SQLite's migration 14: who claimed the import and until
/// when, renewed while it runs. Only an import whose lease has expired counts as interrupted; one left by an older
/// binary has none. (Numbered after 6 on branch wip/scale; renumber at merge if taken.)
enum Migration0007CarbonImportLeases {
    static let migration = PostgresMigration(version: 7, name: "carbon_import_leases") { context in
        try await context.run("""
            ALTER TABLE carbon_imports ADD COLUMN lease_holder text;
            ALTER TABLE carbon_imports ADD COLUMN lease_expires_at bigint;
            """)
    }
}
