import PostgresNIO

/// Model artefacts in object storage (issue #18), as SQLite's migration 17: `artifact_key` is the SHA-256 of
/// an ONNX image model's file in the object store (its `artifact` then empty); NULL for tabular models.
enum Migration0010ModelArtifactKey {
    static let migration = PostgresMigration(version: 10, name: "model_artifact_key") { context in
        try await context.run("ALTER TABLE model_versions ADD COLUMN artifact_key text;")
    }
}
