import PostgresNIO

/// Leases on running training jobs (issue #15), as SQLite's migration 13: who claimed the job and until when,
/// renewed while it runs. Only a job whose lease has expired counts as interrupted; one left by an older binary has none.
enum Migration0006TrainingJobLeases {
    static let migration = PostgresMigration(version: 6, name: "training_job_leases") { context in
        try await context.run("""
            ALTER TABLE training_jobs ADD COLUMN lease_holder text;
            ALTER TABLE training_jobs ADD COLUMN lease_expires_at bigint;
            """)
    }
}
