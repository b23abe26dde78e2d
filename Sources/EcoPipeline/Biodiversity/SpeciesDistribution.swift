import Crypto
import EcoCore
import EcoML
import EcoStore
import Foundation

/// Species distribution models: naming, the training request, and training + registration from
/// the stores (occurrences and observations).
public enum SpeciesDistribution {
    /// The registry name of a species' model: `{domain}-{task}-{architecture}` as in the
    /// specification (`biodiversity-sdm-…`), with the species qualifying the task so that every
    /// species has its own versions, stages and aliases, and the architecture last as in every
    /// other name: `biodiversity-sdm-quercus-robur-rf`.
    public static func modelName(species: String) -> String { "biodiversity-sdm-\(species)-rf" }

    /// What to train, read from a job's parameters (see ``SpeciesDistributionJobKind``).
    public struct Request: Sendable, Equatable {
        public var species: String
        var resolution = Spatial.defaultResolution
        /// Variable names; nil = every environmental variable with data.
        public var covariates: [String]?
        var window = TimeWindow.all
        /// Occurrences less precise than this are left out; nil keeps all.
        public var maxUncertaintyMeters: Double?
        var options = PresenceBackground.Options()
    }

    /// What the model's registry entry records in `parameters`, and what the distribution map reads back.
    public struct Parameters: Codable, Sendable, Equatable {
        var kind = "species-distribution"
        public var species: String
        public var scientificName: String
        public var resolution: Int
        public var covariates: [Covariate]
        /// Covariates asked for (or the default set) that had no data and were left out.
        public var covariatesWithoutData: [String]
        public var start: String?
        public var end: String?
        public var maxUncertaintyMeters: Double?
        public var backgroundRatio: Double
        public var seed: UInt64
        public var trees: Int
        public var folds: Int
        public var presenceRecords: Int
        public var absenceRecords: Int
        public var presenceCells: Int
        public var absenceCells: Int
        public var backgroundCells: Int
        public var presenceCellsWithoutCovariates: Int
        var estimator = "random forest of presence-probability trees (0/1 label, squared error ≡ Gini for two classes, √m features per node)"

        var window: TimeWindow {
            TimeWindow(startMs: start.flatMap { Timestamp.parse($0) } ?? .min, endMs: end.flatMap { Timestamp.parse($0) } ?? .max)
        }
    }

    /// Only public series feed models: a model is readable by everyone who may read models, so
    /// it must not encode an organization's restricted observations.
    static let trainingScope: SeriesFilter = {
        var filter = SeriesFilter()
        filter.organizations = [""]
        return filter
    }()

    /// Reads the species' occurrences and the cells' covariates, trains, and registers a new
    /// version under `name` (the conventional name when empty).
    static func trainAndRegister(_ request: Request, name: String, store: TrainingJobContext.Stores, catalogue: VariableCatalogue,
                                 clock: WallClock, progress: @escaping @Sendable (Int, Int) -> Bool = { _, _ in true },
                                 log: @escaping @Sendable (String) -> Void = { _ in }) async throws -> ModelTraining.Outcome {
        let records = try await store.occurrences(ofSpecies: request.species, window: request.window, limit: 5_000_000)
        guard let first = records.first else {
            throw EcoError.notFound("No occurrences of species '\(request.species)'\(request.window == .all ? "" : " in the window"); import Darwin Core records with POST /api/v1/biodiversity/occurrences, or see GET /api/v1/biodiversity/species.")
        }
        let usable = records.filter { record in request.maxUncertaintyMeters.map { (record.coordinateUncertaintyMeters ?? 0) <= $0 } ?? true }
        var presenceCells = Set<UInt64>(), absenceCells = Set<UInt64>()
        for record in usable {
            let cell = Spatial.parent(of: record.cell15, resolution: request.resolution)
            if record.present { presenceCells.insert(cell) } else { absenceCells.insert(cell) }
        }
        log("\(usable.count) of \(records.count) records of \(first.scientificName) usable: \(presenceCells.count) presence cells, \(absenceCells.subtracting(presenceCells).count) absence-only cells at resolution \(request.resolution)")

        let builder = CovariateBuilder(store: store, catalogue: catalogue)
        let wanted = try builder.covariates(named: request.covariates)
        let full = try await builder.table(wanted, resolution: request.resolution, window: request.window, scope: trainingScope)
        let used = full.covariatesWithData
        guard !used.isEmpty else {
            throw EcoError.invalidArgument("No covariate has observations (looked for \(wanted.map(\.variable).joined(separator: ", "))); ingest environmental observations such as temperature_2m or precipitation with POST /api/v1/observations first.")
        }
        let table = full.selecting(used)
        log("covariates: \(used.map(\.feature).joined(separator: ", ")) over \(table.rows.count) cells")

        let set = PresenceBackground.trainingSet(table: table, presenceCells: presenceCells, absenceCells: absenceCells, options: request.options)
        log("training rows: \(set.presences) presences, \(set.absences) absences, \(set.background) background cells (ratio \(request.options.backgroundRatio), seed \(request.options.seed)); \(set.presencesWithoutCovariates) presence cells have no covariates")
        let (model, metrics): (Model, PresenceBackground.Metrics)
        do {
            (model, metrics) = try PresenceBackground.train(set, options: request.options, progress: progress)
        } catch MLError.invalidInput(let message) {
            throw EcoError.invalidArgument("Cannot train a distribution model for \(request.species): \(message)")
        }
        if let auc = metrics.rocAuc { log("cross-validated ROC AUC \(String(format: "%.3f", auc)) over \(metrics.folds) folds") }

        let parameters = Parameters(
            species: request.species, scientificName: first.scientificName, resolution: request.resolution, covariates: used,
            covariatesWithoutData: wanted.filter { !used.contains($0) }.map(\.variable),
            start: request.window.startMs == .min ? nil : Timestamp.format(ms: request.window.startMs),
            end: request.window.endMs == .max ? nil : Timestamp.format(ms: request.window.endMs),
            maxUncertaintyMeters: request.maxUncertaintyMeters, backgroundRatio: request.options.backgroundRatio,
            seed: request.options.seed, trees: request.options.trees, folds: metrics.folds,
            presenceRecords: usable.filter(\.present).count, absenceRecords: usable.filter { !$0.present }.count,
            presenceCells: set.presences, absenceCells: set.absences, backgroundCells: set.background,
            presenceCellsWithoutCovariates: set.presencesWithoutCovariates)
        let parametersJSON = try StableJSON.text(of: parameters)
        let metricsJSON = try StableJSON.text(of: metrics)
        let registered = try await store.registerModel(ModelVersion(
            name: name.isEmpty ? modelName(species: request.species) : name, algorithm: Algorithm.randomForest.rawValue, task: "classification",
            parametersJSON: parametersJSON, metricsJSON: metricsJSON, datasetSHA256: fingerprint(set),
            createdAtMs: clock.nowMs(), artifact: model.serialized()))
        log("registered \(registered.name) version \(registered.version)")
        let summary = JSONValue.object([
            "name": .string(registered.name), "version": .number(Double(registered.version)), "species": .string(request.species),
            "datasetSha256": .string(registered.datasetSHA256),
            "metrics": (try? JSONDecoder().decode(JSONValue.self, from: Data(metricsJSON.utf8))) ?? .null,
            "parameters": (try? JSONDecoder().decode(JSONValue.self, from: Data(parametersJSON.utf8))) ?? .null,
        ])
        return ModelTraining.Outcome(registered: registered, summaryJSON: String(decoding: summary.encoded(), as: UTF8.self))
    }

    /// SHA-256 of the training rows as text (`cell,label,values…` per line, NaN as empty).
    static func fingerprint(_ set: PresenceBackground.TrainingSet) -> String {
        let m = set.covariates.count
        var text = "h3Index,presence," + set.covariates.map(\.feature).joined(separator: ",") + "\n"
        for (i, cell) in set.cells.enumerated() {
            let values = set.features[i * m ..< (i + 1) * m].map { $0.isNaN ? "" : "\($0)" }
            text += Spatial.hex(cell) + ",\(set.labels[i])," + values.joined(separator: ",") + "\n"
        }
        return SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
