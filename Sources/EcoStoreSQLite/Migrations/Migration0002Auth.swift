import EcoCore
import EcoStore

/// Users, API keys (hashes only) and the append-only audit log.
enum Migration0002Auth {
    static let migration = Migration(version: 2, name: "auth", sql: """
        CREATE TABLE users (
            id              TEXT PRIMARY KEY,          -- UUID
            email           TEXT NOT NULL UNIQUE,      -- lower-cased
            role            TEXT NOT NULL,             -- viewer|analyst|contributor|admin|api_consumer
            organization    TEXT,
            tier            TEXT NOT NULL,             -- free|researcher|institutional
            password_hash   TEXT,                      -- bcrypt
            created_at      INTEGER NOT NULL,          -- epoch ms
            disabled        INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE api_keys (
            id              TEXT PRIMARY KEY,
            user_id         TEXT NOT NULL REFERENCES users (id),
            prefix          TEXT NOT NULL UNIQUE,      -- public lookup part of the key
            secret_hash     TEXT NOT NULL,             -- hex SHA-256 of the whole key; the key itself is never stored
            name            TEXT NOT NULL,
            created_at      INTEGER NOT NULL,
            expires_at      INTEGER,
            last_used_at    INTEGER,
            revoked_at      INTEGER
        );
        CREATE INDEX api_keys_by_user ON api_keys (user_id);
        CREATE TABLE audit_log (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            at              INTEGER NOT NULL,
            actor           TEXT NOT NULL,
            actor_email     TEXT,
            action          TEXT NOT NULL,
            target          TEXT,
            client_ip       TEXT,
            outcome         TEXT NOT NULL,
            detail          TEXT
        );
        """)
}
