import EcoCore

/// Storage of labelled datasets (issue #18): named, versioned, immutable lists of entries' files with
/// their labels and splits. A version once stored never changes, whatever happens to its entries later.
public protocol DatasetStore: Sendable {
    /// Stores a new version of `version.info.name` in one transaction, numbered one past the name's latest
    /// (1 for a new name, whatever `info.version` says), and answers it as stored.
    func createDatasetVersion(_ version: DatasetVersion) async throws -> DatasetVersion
    /// Every dataset, by name.
    func datasets() async throws -> [DatasetSummary]
    /// The versions of one dataset, oldest first; empty when there is no such dataset.
    func datasetVersions(name: String) async throws -> [DatasetVersionInfo]
    /// One version with its members (sorted by entry id); nil when there is no such version.
    func datasetVersion(name: String, version: Int) async throws -> DatasetVersion?
}

/// Where a training job keeps its latest checkpoint, so that a retry resumes from it (issue #18).
/// The checkpoint's bytes live in the ``ObjectStore``; this port keeps, per job, the key of the latest one.
public protocol TrainingCheckpointStore: Sendable {
    /// Records `key` as the job's latest checkpoint, taken after `step` (an epoch, a round …), replacing any before it.
    func saveTrainingCheckpoint(jobID: String, step: Int, key: String) async throws
    /// The job's latest checkpoint, or nil when it has none.
    func trainingCheckpoint(jobID: String) async throws -> (step: Int, key: String)?
    /// How many jobs' latest checkpoints are the object `key` (the object sweeper keeps those).
    func checkpointReferences(key: String) async throws -> Int
}
