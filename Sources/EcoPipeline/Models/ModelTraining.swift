import Crypto
import EcoCore
import EcoML
import EcoStore
import Foundation

/// Trains a model from CSV and registers it as a new version; shared by `ecotrack train` and
/// (later) training jobs.
public enum ModelTraining {
    /// What a registered training run produced.
    public struct Outcome: Sendable {
        public var registered: ModelVersion
        /// The training summary as JSON (metrics, folds, classes …) with name and version added.
        public var summaryJSON: String
    }

    /// Trains on `csv`, registers the model under `name`, and returns the version with its summary.
    ///
    /// With `spatialBlocks`, cross-validation holds out whole H3 cells (replacing `request.crossValidation`).
    public static func trainAndRegister(csv: String, request: CSVTrainingRequest, spatialBlocks: SpatialBlocks? = nil, name: String,
                                        registry: any ModelRegistry, clock: WallClock = .system,
                                        progress: @escaping TrainingProgress = { _, _ in true }) async throws -> Outcome {
        let table = try CSVTable(parsing: csv)
        let folded = try spatialBlocks?.folding(request, over: table) ?? request
        let result = try CSVWorkflow.train(table: table, request: folded, progress: progress)
        var summary: [String: JSONValue] = [:]
        if case let .object(fields)? = JSONValue.parse(result.summaryJSON(name: name)) { summary = fields }
        if let spatialBlocks, result.crossValidation != nil { summary["spatialBlocks"] = spatialBlocks.json(cells: result.folds?.groupCount) }
        var parameters: [String: JSONValue] = [
            "target": .string(request.target), "task": .string(request.task.rawValue), "algorithm": .string(request.algorithm.rawValue),
            "folds": result.crossValidation.map { .number(Double($0.folds)) } ?? .null, "seed": .number(Double(request.seed)),
        ]
        for key in ["foldScheme", "foldColumn", "spatialBlocks"] { parameters[key] = summary[key] }
        let version = try await registry.registerModel(ModelVersion(
            name: name, algorithm: request.algorithm.rawValue, task: request.task.rawValue,
            parametersJSON: String(decoding: JSONValue.object(parameters).encoded(), as: UTF8.self),
            metricsJSON: String(decoding: (summary["metrics"] ?? .null).encoded(), as: UTF8.self),
            datasetSHA256: SHA256.hash(data: Array(csv.utf8)).map { String(format: "%02x", $0) }.joined(),
            createdAtMs: clock.nowMs(), artifact: result.model.serialized()))
        summary["name"] = .string(version.name)
        summary["version"] = .number(Double(version.version))
        summary["datasetSha256"] = .string(version.datasetSHA256)
        return Outcome(registered: version, summaryJSON: String(decoding: JSONValue.object(summary).encoded(), as: UTF8.self))
    }

    /// The model a `NAME[@VERSION|@ALIAS]` reference names, loaded from its artifact.
    public static func load(_ text: String, registry: any ModelRegistry) async throws -> (ModelVersion, Model) {
        let (name, reference) = ModelReference.parse(text)
        guard let version = try await registry.model(named: name, reference) else {
            throw EcoError.notFound("No model '\(text)' is registered; `ecotrack models list` shows the registered ones.")
        }
        try YieldModelArtifact.refuseGenericUse(of: version)
        return (version, try Model(serialized: version.artifact))
    }
}
