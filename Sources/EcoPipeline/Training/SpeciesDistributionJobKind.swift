import EcoCore
import EcoML
import EcoStore

/// Training job kind `species-distribution`: a presence/background model of one species over
/// H3 cells, registered as `biodiversity-sdm-<species>-rf` unless the job names another model.
/// Parameters:
///
/// | key | required | meaning |
/// |---|---|---|
/// | `species` | yes | species id (`quercus-robur`) or scientific name (`Quercus robur L.`) |
/// | `resolution` | no | H3 resolution of the cells, 0–15 (default 7) |
/// | `covariates` | no | variable names to describe cells (default: every climate/biodiversity variable with data, plus `elevation`) |
/// | `start`, `end` | no | RFC 3339 window of the occurrences and observations used (default: all) |
/// | `backgroundRatio` | no | background cells per presence cell, 0.5–50 (default 3) |
/// | `maxUncertaintyMeters` | no | leave out occurrences whose coordinate uncertainty is larger |
/// | `trees` | no | trees in the forest, 1–2000 (default 100) |
/// | `cv` | no | cross-validation folds, 0 to skip or 2–20 (default 5) |
/// | `seed` | no | seed of the background sample, folds and forest (default 0) |
struct SpeciesDistributionJobKind: TrainingJobKind {
    let name = "species-distribution"

    func validate(_ parameters: JSONValue) throws {
        _ = try Self.request(parameters)
    }

    func run(_ parameters: JSONValue, context: TrainingJobContext) async throws -> ModelTraining.Outcome {
        let request = try Self.request(parameters)
        context.log("species distribution of \(request.species) at resolution \(request.resolution), \(request.options.trees) trees, \(request.options.folds)-fold cross-validation, seed \(request.options.seed)")
        return try await SpeciesDistribution.trainAndRegister(request, name: context.modelName, store: context.store, catalogue: context.catalogue, clock: context.clock,
                                                             progress: context.progress, log: context.log)
    }

    static let keys: Set<String> = ["species", "resolution", "covariates", "start", "end", "backgroundRatio", "maxUncertaintyMeters", "trees", "cv", "seed"]

    /// The parameters, checked: each mistake is reported with the key and how to fix it.
    static func request(_ parameters: JSONValue) throws -> SpeciesDistribution.Request {
        guard case let .object(fields) = parameters else {
            throw EcoError.badRequest("parameters must be an object, e.g. {\"species\": \"quercus-robur\", \"resolution\": 7}.")
        }
        if let unknown = fields.keys.filter({ !keys.contains($0) }).sorted().first {
            throw EcoError.badRequest("parameters.\(unknown) is not a parameter of species-distribution jobs; use \(keys.sorted().joined(separator: ", ")).")
        }
        guard case let .string(text)? = fields["species"], let species = SpeciesName.slug(text) else {
            throw EcoError.badRequest("parameters.species is required: a species id such as quercus-robur or a scientific name; GET /api/v1/biodiversity/species lists them.")
        }
        var request = SpeciesDistribution.Request(species: species)
        request.resolution = try integer(fields["resolution"], key: "resolution", default: Spatial.defaultResolution, in: 0...15, hint: "an H3 resolution from 0 to 15")
        if let value = fields["covariates"] {
            guard case let .array(items) = value, !items.isEmpty else {
                throw EcoError.badRequest("parameters.covariates must be a non-empty list of variable names, e.g. [\"temperature_2m\", \"precipitation\"].")
            }
            request.covariates = try items.map { item in
                guard case let .string(name) = item, !name.isEmpty else { throw EcoError.badRequest("parameters.covariates must hold variable names (strings).") }
                return name
            }
        }
        let start = try time(fields["start"], key: "start"), end = try time(fields["end"], key: "end")
        request.window = TimeWindow(startMs: start ?? .min, endMs: end ?? .max)
        guard request.window.startMs < request.window.endMs else { throw EcoError.badRequest("parameters.start must be before parameters.end.") }
        if let value = fields["backgroundRatio"] {
            guard case let .number(ratio) = value, (0.5...50).contains(ratio) else {
                throw EcoError.badRequest("parameters.backgroundRatio must be a number from 0.5 to 50 (background cells per presence cell).")
            }
            request.options.backgroundRatio = ratio
        }
        if let value = fields["maxUncertaintyMeters"] {
            guard case let .number(meters) = value, meters >= 0 else { throw EcoError.badRequest("parameters.maxUncertaintyMeters must be a distance in metres ≥ 0.") }
            request.maxUncertaintyMeters = meters
        }
        request.options.trees = try integer(fields["trees"], key: "trees", default: 100, in: 1...2000, hint: "a whole number from 1 to 2000")
        let cv = try integer(fields["cv"], key: "cv", default: 5, in: 0...20, hint: "0 (no cross-validation) or 2 to 20 folds")
        guard cv != 1 else { throw EcoError.badRequest("parameters.cv must be 0 (no cross-validation) or at least 2.") }
        request.options.folds = cv
        request.options.seed = UInt64(try integer(fields["seed"], key: "seed", default: 0, in: 0...Int(Int32.max), hint: "a whole number from 0"))
        return request
    }

    private static func integer(_ value: JSONValue?, key: String, default fallback: Int, in range: ClosedRange<Int>, hint: String) throws -> Int {
        guard let value else { return fallback }
        guard case let .number(number) = value, let whole = Int(exactly: number), range.contains(whole) else {
            throw EcoError.badRequest("parameters.\(key) must be \(hint).")
        }
        return whole
    }

    private static func time(_ value: JSONValue?, key: String) throws -> Int64? {
        guard let value else { return nil }
        guard case let .string(text) = value, let ms = Timestamp.parse(text) else {
            throw EcoError.badRequest("parameters.\(key) must be an RFC 3339 time, e.g. 2024-05-01T00:00:00Z.")
        }
        return ms
    }
}
