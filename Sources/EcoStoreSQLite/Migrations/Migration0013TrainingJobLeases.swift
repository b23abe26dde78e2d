import EcoCore
import EcoStore

/// Leases on running training jobs (issue #15): who claimed the job and until when, renewed while it runs.
/// Only a job whose lease has expired counts as interrupted; a job left by an older binary has none and does.
enum Migration0013TrainingJobLeases {
    static let migration = Migration(version: 13, name: "training_job_leases", sql: """
        ALTER TABLE training_jobs ADD COLUMN lease_holder TEXT;
        ALTER TABLE training_jobs ADD COLUMN lease_expires_at INTEGER;
        """)
}
