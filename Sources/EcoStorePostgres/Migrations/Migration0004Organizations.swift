import PostgresNIO

/// Organizations as records of their own (issue #21), as SQLite's migration 11: a stable id that users,
/// series and webhooks already carry as `organization`, a display name that can change, and a disabled
/// time. Every organization users named before becomes one, its id and name both the old text (created
/// when its first user was), so no stored series changes owner. Ids use the "C" collation (byte order,
/// as in SQLite) so organizations list in the same order on both adapters.
enum Migration0004Organizations {
    static let migration = PostgresMigration(version: 4, name: "organizations") { context in
        try await context.run("""
            CREATE TABLE organizations (
                id          text COLLATE "C" PRIMARY KEY,
                name        text NOT NULL,
                created_at  bigint NOT NULL,
                disabled_at bigint
            );
            INSERT INTO organizations (id, name, created_at)
                SELECT organization, organization, MIN(created_at) FROM users
                WHERE organization IS NOT NULL AND organization <> '' GROUP BY organization;
            CREATE INDEX users_by_organization ON users (organization)
            """)
    }
}
