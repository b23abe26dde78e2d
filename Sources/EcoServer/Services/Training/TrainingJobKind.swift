import EcoML

/// One kind of training job (`csv`, `species-distribution` …): the job runner looks the kind up by
/// the job's `kind` field, validates its parameters when the job is submitted and runs it later.
public protocol TrainingJobKind: Sendable {
    /// The `kind` value of a job request, e.g. `csv`.
    var name: String { get }
    /// Checks a job's parameters before it is queued.
    /// - Throws: a `Problem` (400) that says what is wrong and how to fix it.
    func validate(_ parameters: JSONValue) throws
    /// Trains and registers a model version, reporting progress and log lines through `context`.
    /// Must stop with `MLError.cancelled` when `context.progress` returns false.
    func run(_ parameters: JSONValue, context: TrainingJobContext) async throws -> ModelTraining.Outcome
}

/// What a running job may use: the app's services, a progress callback (return false = cancelled)
/// and a job log.
public struct TrainingJobContext: Sendable {
    public let services: AppServices
    /// The registry name the job's model is registered under (the job's `name`).
    public let modelName: String
    /// `(done, total)` → keep going? Called once per tree, round or step.
    public let progress: @Sendable (_ done: Int, _ total: Int) -> Bool
    /// Appends a line to the job's log.
    public let log: @Sendable (String) -> Void

    public init(services: AppServices, modelName: String = "", progress: @escaping @Sendable (Int, Int) -> Bool,
                log: @escaping @Sendable (String) -> Void) {
        self.services = services
        self.modelName = modelName
        self.progress = progress
        self.log = log
    }
}
