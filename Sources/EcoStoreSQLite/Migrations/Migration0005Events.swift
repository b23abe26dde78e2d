import EcoCore
import EcoStore

/// The domain event log with its consumers, and the alerting tables: alerts with their history,
/// detected anomalies and threshold rules (issue #5).
///
/// `events."offset"` is AUTOINCREMENT so an offset is never handed out twice, even after retention
/// deleted the newest rows; `appended_at` (wall clock at append) drives retention by age, since an
/// event's own `time` may lie in the past (a backfill's anomalies). `cell` columns hold the
/// resolution-15 centre descendant of the row's H3 cell, so regions filter by integer ranges as
/// `series.cell` does.
enum Migration0005Events {
    static let migration = Migration(version: 5, name: "events", sql: """
        CREATE TABLE events (
            "offset"    INTEGER PRIMARY KEY AUTOINCREMENT,
            topic       TEXT NOT NULL,
            "key"       TEXT,                      -- resolution-3 H3 cell (hex) for spatial events, else a natural id
            time        INTEGER NOT NULL,          -- when it happened, epoch ms
            payload     TEXT NOT NULL,             -- JSON
            appended_at INTEGER NOT NULL           -- wall clock at append, epoch ms (retention by age)
        );
        CREATE INDEX events_by_topic ON events (topic, "offset");
        CREATE INDEX events_by_appended_at ON events (appended_at);
        CREATE TABLE event_consumers (
            name        TEXT PRIMARY KEY,
            "offset"    INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL
        );
        CREATE TABLE alerts (
            id              TEXT PRIMARY KEY,      -- UUID
            alert_type      TEXT NOT NULL,
            domain          TEXT NOT NULL,
            severity        TEXT NOT NULL,
            title           TEXT NOT NULL,
            description     TEXT NOT NULL,
            h3_index        TEXT,
            cell            INTEGER,               -- resolution-15 centre descendant of h3_index
            geometry        TEXT,                  -- GeoJSON
            valid_from      INTEGER NOT NULL,
            valid_until     INTEGER,
            metadata        TEXT NOT NULL,         -- JSON object
            status          TEXT NOT NULL,         -- pending|firing|acknowledged|resolved
            dedup_key       TEXT NOT NULL,
            is_flapping     INTEGER NOT NULL DEFAULT 0,
            organization    TEXT NOT NULL DEFAULT '',
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            acknowledged_by TEXT,
            acknowledged_at INTEGER
        );
        CREATE UNIQUE INDEX alerts_one_open_per_dedup_key ON alerts (dedup_key) WHERE status <> 'resolved';
        CREATE INDEX alerts_by_updated ON alerts (updated_at DESC, id);
        CREATE INDEX alerts_by_status ON alerts (status, updated_at DESC, id);
        CREATE INDEX alerts_by_cell ON alerts (cell);
        CREATE TABLE alert_history (
            id          INTEGER PRIMARY KEY,
            alert_id    TEXT NOT NULL,
            status      TEXT NOT NULL,
            severity    TEXT NOT NULL,
            at          INTEGER NOT NULL,
            actor       TEXT NOT NULL,
            note        TEXT
        );
        CREATE INDEX alert_history_by_alert ON alert_history (alert_id, id);
        CREATE TABLE anomalies (
            id              INTEGER PRIMARY KEY,
            series_id       INTEGER NOT NULL,
            variable        TEXT NOT NULL,
            station_id      TEXT NOT NULL,
            h3_index        TEXT NOT NULL,
            cell            INTEGER,               -- resolution-15 centre descendant of h3_index
            time            INTEGER NOT NULL,
            value           REAL,
            score           REAL NOT NULL,
            baseline_mean   REAL,
            baseline_std    REAL,
            kind            TEXT NOT NULL,
            severity        TEXT NOT NULL,
            organization    TEXT NOT NULL DEFAULT '',
            UNIQUE (series_id, time, kind)         -- re-detection after a replay updates, never duplicates
        );
        CREATE INDEX anomalies_by_time ON anomalies (time);
        CREATE INDEX anomalies_by_variable_time ON anomalies (variable, time);
        CREATE INDEX anomalies_by_cell ON anomalies (cell);
        CREATE TABLE alert_rules (
            id                  TEXT PRIMARY KEY,  -- UUID
            name                TEXT NOT NULL,
            variable            TEXT NOT NULL,
            domain              TEXT NOT NULL,
            direction           TEXT NOT NULL,     -- above|below
            threshold           REAL NOT NULL,
            clear_threshold     REAL,
            for_ms              INTEGER NOT NULL,
            keep_firing_for_ms  INTEGER NOT NULL,
            severity            TEXT NOT NULL,
            enabled             INTEGER NOT NULL DEFAULT 1,
            organization        TEXT NOT NULL DEFAULT '',
            created_at          INTEGER NOT NULL,
            updated_at          INTEGER NOT NULL
        );
        """)
}
