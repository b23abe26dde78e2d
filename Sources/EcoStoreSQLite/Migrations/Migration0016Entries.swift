import EcoCore
import EcoStore

/// Data entries (issue #18): one row per entry, its tags in a table of their own for the all/any
/// filters, and tombstones of deleted entries. `seq` orders the listing and is its keyset cursor; one
/// source never has two entries with the same file.
enum Migration0016Entries {
    static let migration = Migration(version: 16, name: "entries", sql: """
        CREATE TABLE entries (
            seq           INTEGER PRIMARY KEY,
            id            TEXT NOT NULL UNIQUE,
            data_type     TEXT NOT NULL,
            source        TEXT NOT NULL,
            time          INTEGER NOT NULL,   -- ms since the epoch
            lat           REAL,
            lng           REAL,
            cell          INTEGER,            -- resolution-15 H3 cell (bit pattern), NULL without a position
            metadata      TEXT NOT NULL,      -- a JSON object
            tags          TEXT NOT NULL,      -- JSON array of the normalised tags, as entry_tags holds them
            sha256        TEXT,               -- the object-storage key; NULL for an entry without a file
            size          INTEGER,
            content_type  TEXT,
            file_name     TEXT,
            processed     INTEGER NOT NULL,
            label         TEXT,
            created_by    TEXT NOT NULL,
            created_at    INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX entries_by_source_file ON entries (source, sha256) WHERE sha256 IS NOT NULL;
        CREATE INDEX entries_by_sha256 ON entries (sha256) WHERE sha256 IS NOT NULL;
        CREATE INDEX entries_by_cell ON entries (cell) WHERE cell IS NOT NULL;
        CREATE INDEX entries_by_time ON entries (time);
        CREATE TABLE entry_tags (
            tag        TEXT NOT NULL,
            entry_seq  INTEGER NOT NULL,
            PRIMARY KEY (tag, entry_seq)
        ) WITHOUT ROWID;
        CREATE INDEX entry_tags_by_entry ON entry_tags (entry_seq);
        CREATE TABLE entry_tombstones (
            id          TEXT PRIMARY KEY,
            deleted_at  INTEGER NOT NULL,
            deleted_by  TEXT NOT NULL
        );
        """)
}
