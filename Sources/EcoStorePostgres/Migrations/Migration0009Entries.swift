import PostgresNIO

/// Data entries (issue #18), as SQLite's migration 16: entries, their tags for the all/any filters, and
/// tombstones. `seq` orders the listing and is its keyset cursor; one source never has two entries with one file.
enum Migration0009Entries {
    static let migration = PostgresMigration(version: 9, name: "entries") { context in
        try await context.run("""
            CREATE TABLE entries (
                seq           bigserial PRIMARY KEY,
                id            text NOT NULL UNIQUE,
                data_type     text NOT NULL,
                source        text NOT NULL,
                time          bigint NOT NULL,
                lat           float8,
                lng           float8,
                cell          bigint,
                metadata      text NOT NULL,
                tags          text NOT NULL,
                sha256        text,
                size          bigint,
                content_type  text,
                file_name     text,
                processed     boolean NOT NULL,
                label         text,
                created_by    text NOT NULL,
                created_at    bigint NOT NULL
            );
            CREATE UNIQUE INDEX entries_by_source_file ON entries (source, sha256) WHERE sha256 IS NOT NULL;
            CREATE INDEX entries_by_sha256 ON entries (sha256) WHERE sha256 IS NOT NULL;
            CREATE INDEX entries_by_cell ON entries (cell) WHERE cell IS NOT NULL;
            CREATE INDEX entries_by_time ON entries (time);
            CREATE TABLE entry_tags (
                tag        text NOT NULL,
                entry_seq  bigint NOT NULL REFERENCES entries (seq) ON DELETE CASCADE,
                PRIMARY KEY (tag, entry_seq)
            );
            CREATE INDEX entry_tags_by_entry ON entry_tags (entry_seq);
            CREATE TABLE entry_tombstones (
                id          text PRIMARY KEY,
                deleted_at  bigint NOT NULL,
                deleted_by  text NOT NULL
            );
            """)
    }
}
