import EcoCore

/// Issue #19: optimistic concurrency on alerts (a version per alert, checked on every change) and
/// leases on named event-log consumers, so several processes can share one store safely.
enum Migration0009AlertVersionsAndLeases {
    static let migration = Migration(version: 9, name: "alert versions and consumer leases", sql: """
        ALTER TABLE alerts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        CREATE TABLE consumer_leases (
            name        TEXT PRIMARY KEY,
            holder      TEXT NOT NULL,
            expires_at  INTEGER NOT NULL          -- epoch ms
        );
        """)
}
