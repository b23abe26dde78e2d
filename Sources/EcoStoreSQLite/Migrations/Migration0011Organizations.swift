import EcoCore
import EcoStore

/// Organizations as records of their own (issue #21): a stable id that users, series and webhooks
/// already carry as `organization`, a display name that can change, and a disabled time. Every
/// organization users named before becomes one, its id and name both the old text, so no stored
/// series changes owner. Runs after carbon's 0010.
enum Migration0011Organizations {
    static let migration = Migration(version: 11, name: "organizations", sql: """
        CREATE TABLE organizations (
            id            TEXT PRIMARY KEY,
            name          TEXT NOT NULL,
            created_at    INTEGER NOT NULL,   -- epoch ms
            disabled_at   INTEGER             -- epoch ms; NULL while active
        );
        INSERT INTO organizations (id, name, created_at)
            SELECT organization, organization, MIN(created_at) FROM users
            WHERE organization IS NOT NULL AND organization <> '' GROUP BY organization;
        CREATE INDEX users_by_organization ON users (organization);
        """)
}
