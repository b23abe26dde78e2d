import ArgumentParser
import EcoCore
import EcoML
import EcoPipeline
import EcoServer
import Foundation

/// `ecotrack train`: cross-validate and train a model on a CSV file, and register it.
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model on a CSV file and register it in the local model registry (or, with --server, as a job on a server).",
        discussion: """
            Prints one JSON object: the cross-validated metrics (mean, standard deviation and per fold) and the registered \
            name and version; a table of the fold metrics goes to standard error.

            Folds are random (--cv, stratified by class) unless --fold-column names the analyst's folds or \
            --spatial-blocks RES holds out whole H3 cells of resolution RES (from the --lat-column and --lng-column \
            positions), which does not overstate skill where samples cluster in space.
            """
    )

    @Option(help: "CSV file with a header: one column per feature (numbers or categories) and the --target column.") var data: String
    @Option(help: "Column to predict.") var target: String
    @Option(help: "classification or regression.") var task: String
    @Option(help: "rf, gbt, logistic or linear.") var algorithm: String = "rf"
    @Option(help: "Cross-validation folds (0 to skip; default 5); with --spatial-blocks, the folds the blocks are spread over.") var cv: Int?
    @Option(help: ArgumentHelp("Column whose values are the folds (-1: training only); not a feature.", valueName: "name")) var foldColumn: String?
    @Option(help: ArgumentHelp("Spatial block cross-validation: rows in one H3 cell of this resolution (0-15) share a fold.", valueName: "res"))
    var spatialBlocks: Int?
    @Option(help: ArgumentHelp("Latitude column for --spatial-blocks (default lat).", valueName: "name")) var latColumn: String?
    @Option(help: ArgumentHelp("Longitude column for --spatial-blocks (default lng).", valueName: "name")) var lngColumn: String?
    @Option(help: "Seed for folds and training.") var seed: UInt64 = 0
    @Option(help: "Registry name, e.g. biodiversity-sdm-rf (default: <file>-<task>-<algorithm>).") var name: String?
    @Option(help: "SQLite file of the local store.") var database: String?
    @Option(help: "Submit a training job to this server instead, e.g. http://127.0.0.1:8080.") var server: String?
    @Option(help: "API key for --server (needs manage:models).") var apiKey: String?
    @Flag(help: "With --server: wait for the job, showing progress on stderr, and print the result as without --server.") var wait = false

    func run() async throws {
        guard let task = Task(rawValue: task) else { throw ValidationError("--task must be classification or regression.") }
        guard let algorithm = Algorithm(rawValue: algorithm) else { throw ValidationError("--algorithm must be rf, gbt, logistic or linear.") }
        let folds = FoldOptions(cv: cv, foldColumn: foldColumn, spatialBlocks: spatialBlocks, latColumn: latColumn, lngColumn: lngColumn)
        var request = CSVTrainingRequest(target: target, task: task, algorithm: algorithm, seed: seed)
        var blocks: SpatialBlocks?
        do { (request.crossValidation, blocks) = try folds.resolve(target: target, spelling: Self.flag) } catch let error as EcoError {
            throw ValidationError(error.message)
        }
        let csv = try CLIFiles.read(data, expecting: "a CSV with a header row naming the feature columns and the target column '\(target)'")
        let modelName = name ?? "\(((data as NSString).lastPathComponent as NSString).deletingPathExtension)-\(task.rawValue)-\(algorithm.rawValue)"
        if let server {
            guard database == nil else { throw ValidationError("--database is for local training; leave it out with --server.") }
            let remote = RemoteTraining(client: try ServerClient(server: server, apiKey: apiKey))
            let result = try await remote.train(csv: csv, request: request, folds: folds, name: modelName, wait: wait)
            if wait { CrossValidationTable.show(summary: result) }
            print(result)
            return
        }
        guard !wait else { throw ValidationError("--wait needs --server; local training always waits.") }
        try await withPlatform(database: database) { platform in
            let line = TrainingProgressLine(label: "training \(modelName)")
            line.show(status: "running", percent: 0, iteration: 0, of: 0)
            let outcome: ModelTraining.Outcome
            do {
                outcome = try await ModelTraining.trainAndRegister(csv: csv, request: request, spatialBlocks: blocks, name: modelName,
                                                                   registry: platform.store) { done, total in
                    line.show(status: "running", percent: total > 0 ? 100 * Double(done) / Double(total) : 0, iteration: done, of: total)
                    return true
                }
            } catch {
                line.finish()  // ends the progress line, so the error starts on a line of its own
                throw error
            }
            line.finish(status: "succeeded")
            CrossValidationTable.show(summary: outcome.summaryJSON)
            print(outcome.summaryJSON)
        }
    }

    /// The command-line spelling of a fold option, for messages.
    static func flag(_ key: FoldOptions.Key) -> String {
        switch key {
        case .cv: "--cv"
        case .foldColumn: "--fold-column"
        case .spatialBlocks: "--spatial-blocks"
        case .latColumn: "--lat-column"
        case .lngColumn: "--lng-column"
        }
    }
}

/// `ecotrack predict`: predictions of a registered model for the rows of a CSV file.
struct Predict: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict with a registered model; writes CSV: prediction plus p10,p50,p90 or prob_<class> columns."
    )

    @Option(help: "NAME, NAME@VERSION or NAME@ALIAS (default: the Production version, else the newest).") var model: String
    @Option(help: "CSV file with a header naming the model's feature columns (as in its training CSV; others are ignored).") var input: String
    @Option(help: "SQLite file of the local store.") var database: String?

    func run() async throws {
        let csv = try CLIFiles.read(input, expecting: "a CSV with a header naming the feature columns of model '\(model)'")
        try await withPlatform(database: database) { platform in
            let (_, loaded) = try await ModelTraining.load(model, registry: platform.store)
            print(try CSVWorkflow.predict(model: loaded, csv: csv).text, terminator: "")
        }
    }
}
