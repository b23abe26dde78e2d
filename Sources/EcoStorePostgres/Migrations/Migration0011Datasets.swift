import PostgresNIO

/// Labelled datasets and training checkpoints (issue #18), as SQLite's migration 18: immutable versions, their
/// members, and each training job's latest checkpoint.
enum Migration0011Datasets {
    static let migration = PostgresMigration(version: 11, name: "datasets") { context in
        try await context.run("""
            CREATE TABLE dataset_versions (
                name          text NOT NULL,
                version       integer NOT NULL,
                query         text NOT NULL,
                label_source  text NOT NULL,
                train         float8 NOT NULL,
                validation    float8 NOT NULL,
                test          float8 NOT NULL,
                seed          bigint NOT NULL,
                classes       text NOT NULL,
                train_count   integer NOT NULL,
                validation_count integer NOT NULL,
                test_count    integer NOT NULL,
                created_by    text NOT NULL,
                created_at    bigint NOT NULL,
                PRIMARY KEY (name, version)
            );
            CREATE TABLE dataset_members (
                name          text NOT NULL,
                version       integer NOT NULL,
                entry_id      text NOT NULL,
                sha256        text NOT NULL,
                size          bigint NOT NULL,
                content_type  text NOT NULL,
                label         text NOT NULL,
                split         text NOT NULL,
                PRIMARY KEY (name, version, entry_id),
                FOREIGN KEY (name, version) REFERENCES dataset_versions (name, version)
            );
            CREATE TABLE training_checkpoints (
                job_id  text PRIMARY KEY,
                step    integer NOT NULL,
                key     text NOT NULL
            );
            """)
    }
}
