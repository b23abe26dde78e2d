import EcoCore
import EcoML
import EcoStore

/// One kind of training job (`csv`, `species-distribution` …): the job runner looks the kind up by
/// the job's `kind` field, validates its parameters when the job is submitted and runs it later.
public protocol TrainingJobKind: Sendable {
    /// The `kind` value of a job request, e.g. `csv`.
    var name: String { get }
    /// Checks a job's parameters before it is queued.
    /// - Throws: `EcoError.badRequest` saying what is wrong and how to fix it.
    func validate(_ parameters: JSONValue) throws
    /// Trains and registers a model version, reporting progress and log lines through `context`.
    /// Must stop with `MLError.cancelled` when `context.progress` returns false.
    func run(_ parameters: JSONValue, context: TrainingJobContext) async throws -> ModelTraining.Outcome
}

/// What a running job may use: the model registry and the data to learn from, the variable catalogue,
/// the clock, a progress callback (return false = cancelled) and a job log.
public struct TrainingJobContext: Sendable {
    /// The ports a training job reads and writes.
    public typealias Stores = any ModelRegistry & ObservationStore & OccurrenceStore & DatasetStore & TrainingCheckpointStore & YieldStore
    public let store: Stores
    /// Where files, model artefacts and checkpoints live; nil when the server has no object storage.
    public let objects: (any ObjectStore)?
    /// The job's id (lower-case UUID), the key of its checkpoints; "" outside a job.
    public let jobID: String
    public let catalogue: VariableCatalogue
    public let clock: WallClock
    /// The registry name the job's model is registered under (the job's `name`).
    public let modelName: String
    /// `(done, total)` → keep going? Called once per tree, round or step.
    public let progress: @Sendable (_ done: Int, _ total: Int) -> Bool
    /// Appends a line to the job's log.
    public let log: @Sendable (String) -> Void

    public init(store: Stores, catalogue: VariableCatalogue, clock: WallClock, modelName: String = "", objects: (any ObjectStore)? = nil,
                jobID: String = "", progress: @escaping @Sendable (Int, Int) -> Bool, log: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.objects = objects
        self.jobID = jobID
        self.catalogue = catalogue
        self.clock = clock
        self.modelName = modelName
        self.progress = progress
        self.log = log
    }
}
