import EcoCore
import EcoStore

/// Webhooks and their delivery log (issue #5). A webhook's position in the event log is a
/// consumer offset named `webhook:<id>` (migration 0005), not a column here.
enum Migration0006Webhooks {
    static let migration = Migration(version: 6, name: "webhooks", sql: """
        CREATE TABLE webhooks (
            id            TEXT PRIMARY KEY,
            url           TEXT NOT NULL,
            secret        TEXT NOT NULL,
            topics        TEXT NOT NULL,   -- JSON array of topic names
            domains       TEXT,            -- JSON array, NULL = every domain
            severities    TEXT,            -- JSON array, NULL = every severity
            enabled       INTEGER NOT NULL DEFAULT 1,
            organization  TEXT NOT NULL DEFAULT '',
            created_at    INTEGER NOT NULL,
            created_by    TEXT NOT NULL
        );
        CREATE TABLE webhook_deliveries (
            id            INTEGER PRIMARY KEY,
            webhook_id    TEXT NOT NULL,
            event_offset  INTEGER NOT NULL,
            attempt       INTEGER NOT NULL,
            status        TEXT NOT NULL,   -- delivered | failed | gave_up
            http_status   INTEGER,
            error         TEXT,
            duration_ms   INTEGER NOT NULL,
            at            INTEGER NOT NULL
        );
        CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
        """)
}
