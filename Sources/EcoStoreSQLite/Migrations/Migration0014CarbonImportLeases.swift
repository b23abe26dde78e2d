import EcoCore
import EcoStore

/// Leases on running carbon CSV imports (issue #15), as migration 13 gave training jobs: who claimed the import
/// and until when, renewed while it runs. Only an import whose lease has expired counts as interrupted; one
/// left by an older binary has none and does. (Numbered after 13 on branch wip/scale; renumber at merge if taken.)
enum Migration0014CarbonImportLeases {
    static let migration = Migration(version: 14, name: "carbon_import_leases", sql: """
        ALTER TABLE carbon_imports ADD COLUMN lease_holder TEXT;
        ALTER TABLE carbon_imports ADD COLUMN lease_expires_at INTEGER;
        """)
}
