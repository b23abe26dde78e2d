import EcoCore
import EcoStore

/// The model registry: versions, aliases and an append-only history.
enum Migration0004Models {
    static let migration = Migration(version: 4, name: "models", sql: """
        CREATE TABLE model_versions (
            name            TEXT NOT NULL,
            version         INTEGER NOT NULL,
            algorithm       TEXT NOT NULL,
            task            TEXT NOT NULL,
            parameters      TEXT NOT NULL,   -- JSON
            metrics         TEXT NOT NULL,   -- JSON
            dataset_sha256  TEXT NOT NULL,
            stage           TEXT NOT NULL DEFAULT 'None',
            created_at      INTEGER NOT NULL,
            artifact        BLOB NOT NULL,
            PRIMARY KEY (name, version)
        );
        CREATE TABLE model_aliases (
            name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL,
            PRIMARY KEY (name, alias)
        );
        CREATE TABLE model_events (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, event TEXT NOT NULL, at INTEGER NOT NULL
        );
        CREATE INDEX model_events_by_name ON model_events (name, id);
        """)
}
