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
/// | `cv` | no | cross-validation folds, 0 to skip (default 5); with `spatialBlocks`, the folds the blocks are spread over |
/// | `foldColumn` | no | a column whose values are the folds (-1: training only); not a feature; excludes `cv` |
/// | `spatialBlocks` | no | H3 resolution 0–15: rows in one cell share a fold (block cross-validation) |
/// | `latColumn`, `lngColumn` | no | coordinate columns for `spatialBlocks` (default `lat`, `lng`) |
/// | `seed` | no | seed of folds and training (default 0) |
/// | `trees` | no | trees of a forest or boosting rounds (default 100) |
struct CSVTrainingJobKind: TrainingJobKind {
    let name = "csv"

    func validate(_ parameters: JSONValue) throws {
        let job = try Job(parameters)
        // Reading the data and forming the folds now turns a missing target, a text target for
        // regression, a ragged row or folds that cannot be formed into a 400 at submission instead of
        // a failed job later.
        let table: CSVTable, data: Dataset
        do {
            table = try CSVTable(parsing: job.csv)
            data = try Dataset(csv: table, target: job.request.target, task: job.request.task,
                               excluding: Set(job.request.crossValidation?.foldColumn.map { [$0] } ?? []))
        } catch {
            throw EcoError.badRequest("parameters.csv: \(error)")
        }
        var request = job.request
        if let blocks = job.spatialBlocks {
            do { request = try blocks.folding(request, over: table) } catch let error as EcoError {
                throw EcoError.badRequest("parameters.spatialBlocks: \(error.message)")
            }
        }
        if case .random(let folds)? = request.crossValidation, folds > data.rowCount {
            throw EcoError.badRequest("parameters.cv: \(folds) folds need at least \(folds) rows but the CSV has \(data.rowCount); lower cv or send more rows.")
        }
        do { _ = try request.crossValidation?.plan(table: table, data: data, seed: request.seed) } catch {
            throw EcoError.badRequest("parameters.\(job.foldKey): \(error)")
        }
    }

    func run(_ parameters: JSONValue, context: TrainingJobContext) async throws -> ModelTraining.Outcome {
        let job = try Job(parameters)
        let request = job.request
        context.log("training \(request.algorithm.rawValue) for \(request.task.rawValue) of '\(request.target)' on \(job.csv.utf8.count) bytes of CSV, \(job.foldsDescription), seed \(request.seed)")
        let outcome = try await ModelTraining.trainAndRegister(csv: job.csv, request: request, spatialBlocks: job.spatialBlocks, name: context.modelName,
                                                               registry: context.store, clock: context.clock, progress: context.progress)
        context.log("registered \(outcome.registered.name) version \(outcome.registered.version)")
        return outcome
    }

    /// The parameters, checked: each mistake is reported with the key and how to fix it.
    struct Job {
        static let keys: Set<String> = ["csv", "target", "task", "algorithm", "cv", "foldColumn", "spatialBlocks", "latColumn", "lngColumn", "seed", "trees"]
        var csv: String
        var request: CSVTrainingRequest
        /// Block cross-validation by H3 cell, when `spatialBlocks` is given.
        var spatialBlocks: SpatialBlocks?
        /// The parameter that decides the folds, for messages about them.
        var foldKey: String

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
            let seed = try Self.integer(fields["seed"], key: "seed", default: 0, in: 0...(1 << 53), hint: "a whole number from 0 to 2^53")
            var request = CSVTrainingRequest(target: target, task: task, algorithm: algorithm, seed: UInt64(seed))
            let folds = FoldOptions(
                cv: try fields["cv"].map { try Self.integer($0, key: "cv", default: 5, in: 0...100, hint: "0 (no cross-validation) or 2 to 100 folds") },
                foldColumn: try Self.columnName(fields["foldColumn"], key: "foldColumn"),
                spatialBlocks: try fields["spatialBlocks"].map { try Self.integer($0, key: "spatialBlocks", default: 0, in: 0...15, hint: "an H3 resolution from 0 to 15") },
                latColumn: try Self.columnName(fields["latColumn"], key: "latColumn"),
                lngColumn: try Self.columnName(fields["lngColumn"], key: "lngColumn"))
            (request.crossValidation, spatialBlocks) = try folds.resolve(target: target) { "parameters.\($0.rawValue)" }
            foldKey = folds.decidingKey.rawValue
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

        /// How the log names the folds.
        var foldsDescription: String {
            if let spatialBlocks { return "\(spatialBlocks.folds)-fold spatial block cross-validation (H3 resolution \(spatialBlocks.resolution))" }
            switch request.crossValidation {
            case .random(let k)?: return "\(k)-fold cross-validation"
            case .column(let name)?: return "cross-validation on the folds of column '\(name)'"
            case .groups(_, let k)?: return "\(k)-fold group cross-validation"
            case nil: return "no cross-validation"
            }
        }

        private static func columnName(_ value: JSONValue?, key: String) throws -> String? {
            guard let value else { return nil }
            guard case let .string(name) = value, !name.isEmpty else { throw EcoError.badRequest("parameters.\(key) must be a column name of the CSV.") }
            return name
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
