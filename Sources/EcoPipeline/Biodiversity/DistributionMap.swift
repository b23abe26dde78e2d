import EcoCore
import EcoML
import EcoStore
import Foundation

/// A species' predicted occurrence probability per H3 cell, from a registered distribution model
/// and the covariates of today's stored observations.
public struct DistributionMap: Encodable, Sendable {
    public struct ModelInfo: Encodable, Sendable {
        public var name: String
        public var version: Int
        public var stage: String
    }

    public struct Cell: Encodable, Sendable {
        public var h3Index: String
        /// Mean over trees of the presence probability.
        public var probability: Double
        /// 10th and 90th percentile (and median) of the trees' probabilities.
        public var p10: Double
        public var p50: Double
        public var p90: Double
        /// The covariate values used, by feature name; null where the cell has none.
        public var covariates: [String: Double?]
    }

    public var species: String
    public var scientificName: String
    public var model: ModelInfo
    public var resolution: Int
    public var trainedResolution: Int
    public var covariates: [String]
    public var start: String?
    public var end: String?
    public var data: [Cell]

    /// The model a request means: `reference` (`NAME`, `NAME@VERSION`, `NAME@ALIAS`) when given,
    /// otherwise the Production version of the species' conventional model.
    /// - Throws: 404 problems that say how to train or promote one.
    public static func model(species: String, reference: String?, registry: any ModelRegistry, models: ModelServing) async throws -> (ModelVersion, Model, SpeciesDistribution.Parameters) {
        let text: String
        if let reference {
            text = reference
        } else {
            let name = SpeciesDistribution.modelName(species: species)
            let versions = try await registry.modelVersions(named: name)
            guard !versions.isEmpty else {
                throw EcoError.notFound("No distribution model of '\(species)' is trained yet. Train one with POST /api/v1/models/train {\"kind\": \"species-distribution\", \"name\": \"\(name)\", \"parameters\": {\"species\": \"\(species)\"}}, then promote it with POST /api/v1/models/\(name)/stage {\"version\": 1, \"stage\": \"Production\"}.")
            }
            guard let production = versions.first(where: { $0.stage == .production }) else {
                let newest = versions.map(\.version).max() ?? 1
                throw EcoError.notFound("\(name) has \(versions.count) version(s) but none is in Production. Promote one with POST /api/v1/models/\(name)/stage {\"version\": \(newest), \"stage\": \"Production\"}, or ask for a version with model=\(name)@\(newest).")
            }
            text = "\(name)@\(production.version)"
        }
        let (version, model) = try await models.model(text, registry: registry)
        guard let parameters = try? JSONDecoder().decode(SpeciesDistribution.Parameters.self, from: Data(version.parametersJSON.utf8)),
              parameters.kind == "species-distribution" else {
            throw EcoError.badRequest("Model \(version.name)@\(version.version) is not a species distribution model; name one trained by a species-distribution job.")
        }
        return (version, model, parameters)
    }

    /// Predicts every cell at `resolution` with covariates in `scope` (the caller's readable
    /// series, optionally a region) over `window` (the training window unless given).
    public static func make(species: String, version: ModelVersion, model: Model, parameters: SpeciesDistribution.Parameters,
                            resolution: Int, window: TimeWindow?, scope: SeriesFilter, observations: any ObservationStore,
                            catalogue: VariableCatalogue) async throws -> DistributionMap {
        guard model.schema.names == parameters.covariates.map(\.feature) else {
            throw EcoError.internalFailure("Model \(version.name)@\(version.version) lists covariates that do not match its features; retrain it.")
        }
        let window = window ?? parameters.window
        let builder = CovariateBuilder(store: observations, catalogue: catalogue)
        let table = try await builder.table(parameters.covariates, resolution: resolution, window: window, scope: scope)
        let names = parameters.covariates.map(\.feature)
        let cells = PresenceBackground.predict(model, table: table).map { prediction in
            let values = table.rows[prediction.cell]!
            var covariates: [String: Double?] = [:]
            for (j, name) in names.enumerated() { covariates[name] = values[j].isNaN ? nil : values[j] }
            return Cell(h3Index: Spatial.hex(prediction.cell), probability: prediction.probability, p10: prediction.p10,
                        p50: prediction.p50, p90: prediction.p90, covariates: covariates)
        }
        return DistributionMap(
            species: species, scientificName: parameters.scientificName,
            model: ModelInfo(name: version.name, version: version.version, stage: version.stage.rawValue),
            resolution: resolution, trainedResolution: parameters.resolution, covariates: names,
            start: window.startMs == .min ? nil : Timestamp.format(ms: window.startMs),
            end: window.endMs == .max ? nil : Timestamp.format(ms: window.endMs), data: cells)
    }

    /// A GeoJSON FeatureCollection of the cells' hexagons; the map's metadata ride along as
    /// foreign members (RFC 7946 §6.1).
    public var geoJSON: JSONValue {
        let features = data.map { cell in
            var properties: [String: JSONValue] = [
                "h3Index": .string(cell.h3Index), "probability": .number(cell.probability),
                "p10": .number(cell.p10), "p50": .number(cell.p50), "p90": .number(cell.p90),
            ]
            for (name, value) in cell.covariates { properties[name] = value.map(JSONValue.number) ?? .null }
            return GeoJSON.hexagonFeature(cell: Spatial.cell(hex: cell.h3Index)!, properties: properties)
        }
        var collection: [String: JSONValue] = [
            "type": .string("FeatureCollection"), "features": .array(features),
            "species": .string(species), "scientificName": .string(scientificName),
            "model": .object(["name": .string(model.name), "version": .number(Double(model.version)), "stage": .string(model.stage)]),
            "resolution": .number(Double(resolution)), "covariates": .array(covariates.map(JSONValue.string)),
        ]
        if let start { collection["start"] = .string(start) }
        if let end { collection["end"] = .string(end) }
        return .object(collection)
    }
}
