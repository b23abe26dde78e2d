import EcoCore
import EcoStore

/// Labelled datasets (issue #18): one row per immutable version, its members (entry, file identity,
/// label, split) in a table of their own; and the latest checkpoint of each training job, so a retried
/// job resumes from it.
enum Migration0018Datasets {
    static let migration = Migration(version: 18, name: "datasets", sql: """
        CREATE TABLE dataset_versions (
            name          TEXT NOT NULL,
            version       INTEGER NOT NULL,
            query         TEXT NOT NULL,      -- JSON object of the entry listing's parameters
            label_source  TEXT NOT NULL,      -- 'label' or 'tag:PREFIX'
            train         REAL NOT NULL,
            validation    REAL NOT NULL,
            test          REAL NOT NULL,
            seed          INTEGER NOT NULL,   -- the UInt64 seed's bit pattern
            classes       TEXT NOT NULL,      -- JSON array, sorted
            train_count   INTEGER NOT NULL,
            validation_count INTEGER NOT NULL,
            test_count    INTEGER NOT NULL,
            created_by    TEXT NOT NULL,
            created_at    INTEGER NOT NULL,
            PRIMARY KEY (name, version)
        );
        CREATE TABLE dataset_members (
            name          TEXT NOT NULL,
            version       INTEGER NOT NULL,
            entry_id      TEXT NOT NULL,
            sha256        TEXT NOT NULL,
            size          INTEGER NOT NULL,
            content_type  TEXT NOT NULL,
            label         TEXT NOT NULL,
            split         TEXT NOT NULL,
            PRIMARY KEY (name, version, entry_id)
        ) WITHOUT ROWID;
        CREATE TABLE training_checkpoints (
            job_id  TEXT PRIMARY KEY,
            step    INTEGER NOT NULL,
            key     TEXT NOT NULL
        );
        """)
}
