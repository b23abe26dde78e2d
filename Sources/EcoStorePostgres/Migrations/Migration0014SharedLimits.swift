import PostgresNIO

/// The request limits shared by every process on the schema (issue #15): each caller's token buckets, and the
/// concurrency slots each caller holds (slot id → expiry in Unix seconds, one row per caller so one statement
/// can count and take under the row's lock). UNLOGGED: written on every limited request, never worth a WAL
/// record; after a crash PostgreSQL empties them, which only gives every caller full buckets and free slots.
/// No SQLite counterpart: one process on a SQLite file counts in memory.
enum Migration0014SharedLimits {
    static let migration = PostgresMigration(version: 14, name: "shared_limits") { context in
        try await context.run("""
            CREATE UNLOGGED TABLE rate_limit_buckets (
                key            text PRIMARY KEY,
                minute_tokens  float8 NOT NULL,
                day_tokens     float8 NOT NULL,
                updated        float8 NOT NULL,
                allowed        boolean NOT NULL
            );
            CREATE INDEX rate_limit_buckets_updated ON rate_limit_buckets (updated);
            CREATE UNLOGGED TABLE concurrency_slots (
                key    text PRIMARY KEY,
                slots  jsonb NOT NULL
            );
            """)
    }
}
