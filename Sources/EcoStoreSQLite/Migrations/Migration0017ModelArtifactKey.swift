import EcoCore
import EcoStore

/// Model artefacts in object storage (issue #18): an ONNX image model's file is kept in the object store
/// under its SHA-256, which `artifact_key` holds; `artifact` is then empty. Tabular models keep their
/// artefact in the row and a NULL key.
enum Migration0017ModelArtifactKey {
    static let migration = Migration(version: 17, name: "model_artifact_key", sql: """
        ALTER TABLE model_versions ADD COLUMN artifact_key TEXT;
        """)
}
