import EcoCore
import EcoML
import EcoStore
import Foundation

/// Training job kind `csv`: the job form of `ecotrack train`. Parameters:
///
/// | key | required | meaning |
/// |---|---|---|
/// | `csv` | yes | the training data as CSV text with a header row |
/// | `target` | yes | the column to predict |
/// | `task` | yes | `classification` or `regression` |
/// | `algorithm` | no | `rf` (default), `gbt`, `logistic` or `linear` |
/// | `cv` | no | cross-validation folds, 0 to skip (default 5) |
/// | `seed` | no | seed of folds and training (default 0) |
/// | `trees` | no | trees of a forest or boosting rounds (default 100) |
struct CSVTrainingJobKind: TrainingJobKind {
    let name = "csv"

    func validate(_ parameters: JSONValue) throws {
        let job = try Job(parameters)
        // Reading the data now turns a missing target, a text target for regression or a
        // ragged row into a 400 at submission instead of a failed job later.
        let data: Dataset
        do { data = try Dataset(csv: try CSVTable(parsing: job.csv), target: job.request.target, task: job.request.task) } catch {
            throw EcoError.badRequest("parameters.csv: \(error)")
        }
        if let folds = job.request.folds, folds > data.rowCount {
            throw EcoError.badRequest("parameters.cv: \(folds) folds need at least \(folds) rows but the CSV has \(data.rowCount); lower cv or send more rows.")
        }
    }

    func run(_ parameters: JSONValue, context: TrainingJobContext) async throws -> ModelTraining.Outcome {
        let job = try Job(parameters)
        let request = job.request
        let folds = request.folds.map { "\($0)-fold cross-validation" } ?? "no cross-validation"
        context.log("training \(request.algorithm.rawValue) for \(request.task.rawValue) of '\(request.target)' on \(job.csv.utf8.count) bytes of CSV, \(folds), seed \(request.seed)")
        let outcome = try await ModelTraining.trainAndRegister(csv: job.csv, request: request, name: context.modelName,
                                                               registry: context.store, clock: context.clock, progress: context.progress)
        context.log("registered \(outcome.registered.name) version \(outcome.registered.version)")
        return outcome
    }

    /// The parameters, checked: each mistake is reported with the key and how to fix it.
    struct Job {
        static let keys: Set<String> = ["csv", "target", "task", "algorithm", "cv", "seed", "trees"]
        var csv: String
        var request: CSVTrainingRequest

        init(_ parameters: JSONValue) throws {
            guard case let .object(fields) = parameters else {
                throw EcoError.badRequest("parameters must be an object: {\"csv\": \"…\", \"target\": \"…\", \"task\": \"classification\"}.")
            }
            if let unknown = fields.keys.filter({ !Self.keys.contains($0) }).sorted().first {
                throw EcoError.badRequest("parameters.\(unknown) is not a parameter of csv jobs; use \(Self.keys.sorted().joined(separator: ", ")).")
            }
            guard case let .string(csv)? = fields["csv"], !csv.isEmpty else {
                throw EcoError.badRequest("parameters.csv is required: the training data as CSV text with a header row.")
            }
            guard case let .string(target)? = fields["target"], !target.isEmpty else {
                throw EcoError.badRequest("parameters.target is required: the name of the column to predict.")
            }
            guard case let .string(taskName)? = fields["task"], let task = EcoML.Task(rawValue: taskName) else {
                throw EcoError.badRequest("parameters.task must be classification or regression.")
            }
            var algorithm = Algorithm.randomForest
            if let value = fields["algorithm"] {
                guard case let .string(text) = value, let parsed = Algorithm(rawValue: text) else {
                    throw EcoError.badRequest("parameters.algorithm must be rf, gbt, logistic or linear.")
                }
                algorithm = parsed
            }
            switch (algorithm, task) {
            case (.logistic, .regression): throw EcoError.badRequest("parameters.algorithm: logistic is for classification; use linear, rf or gbt for regression.")
            case (.linear, .classification): throw EcoError.badRequest("parameters.algorithm: linear is for regression; use logistic, rf or gbt for classification.")
            default: break
            }
            let cv = try Self.integer(fields["cv"], key: "cv", default: 5, in: 0...100, hint: "0 skips cross-validation, otherwise 2 to 100 folds")
            guard cv != 1 else { throw EcoError.badRequest("parameters.cv must be 0 (no cross-validation) or at least 2.") }
            let seed = try Self.integer(fields["seed"], key: "seed", default: 0, in: 0...(1 << 53), hint: "a whole number from 0 to 2^53")
            var request = CSVTrainingRequest(target: target, task: task, algorithm: algorithm, folds: cv == 0 ? nil : cv, seed: UInt64(seed))
            if fields["trees"] != nil {
                guard algorithm == .randomForest || algorithm == .gradientBoosting else {
                    throw EcoError.badRequest("parameters.trees applies to rf and gbt only; remove it for \(algorithm.rawValue).")
                }
                let trees = try Self.integer(fields["trees"], key: "trees", default: 100, in: 1...10_000, hint: "1 to 10000")
                request.options.forest.treeCount = trees
                request.options.boosting.iterations = trees
            }
            self.csv = csv
            self.request = request
        }

        private static func integer(_ value: JSONValue?, key: String, default fallback: Int, in range: ClosedRange<Int>, hint: String) throws -> Int {
            guard let value else { return fallback }
            guard case let .number(number) = value, number.rounded() == number, let whole = Int(exactly: number), range.contains(whole) else {
                throw EcoError.badRequest("parameters.\(key) must be \(hint).")
            }
            return whole
        }
    }
}
