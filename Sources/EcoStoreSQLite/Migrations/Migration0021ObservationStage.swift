import EcoCore
import EcoStore

/// The observation stage (ADR 0012): small batches are acknowledged once appended here, one blob per batch,
/// and merged into `observations` and the rollups in larger transactions. Rows are this adapter's own
/// encoding (``StageCoding``); an empty table means every acknowledged row is in `observations`.
enum Migration0021ObservationStage {
    static let migration = Migration(version: 21, name: "observation_stage", sql: """
        CREATE TABLE observation_stage (
            seq  INTEGER PRIMARY KEY,
            rows BLOB NOT NULL
        );
        """)
}
