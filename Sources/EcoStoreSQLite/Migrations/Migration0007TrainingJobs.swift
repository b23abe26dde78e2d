import EcoCore
import EcoStore

/// The durable queue of training jobs and their logs (issue #7).
enum Migration0007TrainingJobs {
    static let migration = Migration(version: 7, name: "training_jobs", sql: """
        CREATE TABLE training_jobs (
            number            INTEGER PRIMARY KEY,  -- submission order, for listings
            id                TEXT NOT NULL UNIQUE,
            position          INTEGER NOT NULL,     -- queue order; a retry goes to the end
            kind              TEXT NOT NULL,
            model_name        TEXT NOT NULL,
            parameters        TEXT NOT NULL,        -- JSON
            status            TEXT NOT NULL,        -- queued, running, succeeded, failed, cancelled
            progress          REAL NOT NULL DEFAULT 0,
            iteration         INTEGER NOT NULL DEFAULT 0,
            total_iterations  INTEGER NOT NULL DEFAULT 0,
            attempts          INTEGER NOT NULL DEFAULT 0,
            max_attempts      INTEGER NOT NULL,
            error             TEXT,
            result            TEXT,                 -- JSON
            cancel_requested  INTEGER NOT NULL DEFAULT 0,
            created_at        INTEGER NOT NULL,
            started_at        INTEGER,
            finished_at       INTEGER,
            submitted_by      TEXT NOT NULL,
            log_lines         INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX training_jobs_by_status ON training_jobs (status, position);
        CREATE TABLE training_job_logs (
            job_id   TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            at       INTEGER NOT NULL,
            message  TEXT NOT NULL,
            PRIMARY KEY (job_id, sequence)
        ) WITHOUT ROWID;
        """)
}
