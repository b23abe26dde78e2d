import EcoCore
import EcoStore

/// Variables, series, observations and the hourly/daily rollups.
///
/// `rollup_hour` is kept only for series denser than hourly (`series.hourly = 1`): for the others
/// a raw row *is* its hour's rollup, and duplicating it would halve ingest speed (ADR 0004).
enum Migration0001Initial {
    static let migration = Migration(version: 1, name: "initial", sql: """
        CREATE TABLE variables (
            name        TEXT PRIMARY KEY,
            definition  TEXT NOT NULL              -- JSON of EcoCore.Variable
        );
        CREATE TABLE series (
            id          INTEGER PRIMARY KEY,
            variable    TEXT NOT NULL,
            source      TEXT NOT NULL,
            station_id  TEXT NOT NULL,
            cell        INTEGER NOT NULL,          -- resolution-15 H3 cell
            lat         REAL NOT NULL,
            lng         REAL NOT NULL,
            last_t      INTEGER NOT NULL,
            last_value  REAL NOT NULL,
            hourly      INTEGER NOT NULL DEFAULT 0, -- 1 once the series has more than one value in an hour
            organization TEXT NOT NULL DEFAULT '',  -- '' public, else readable only inside that organization
            UNIQUE (variable, source, station_id, cell, organization)
        );
        CREATE INDEX series_by_variable_cell ON series (variable, cell);
        CREATE TABLE observations (
            series_id   INTEGER NOT NULL,
            t           INTEGER NOT NULL,          -- epoch milliseconds, UTC
            value       REAL NOT NULL,             -- canonical unit of the variable
            quality     INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (series_id, t)
        ) WITHOUT ROWID;
        CREATE TABLE rollup_hour (
            series_id INTEGER NOT NULL, bucket INTEGER NOT NULL,
            n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, sumsq REAL NOT NULL,
            PRIMARY KEY (series_id, bucket)
        ) WITHOUT ROWID;
        CREATE TABLE rollup_day (
            series_id INTEGER NOT NULL, bucket INTEGER NOT NULL,
            n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, sumsq REAL NOT NULL,
            vals BLOB,  -- the day's values as native Float64s while n <= 96, else NULL (then read raw rows)
            PRIMARY KEY (series_id, bucket)
        ) WITHOUT ROWID;
        """)
}
