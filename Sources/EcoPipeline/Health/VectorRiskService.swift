import EcoAnalytics
import EcoCore
import EcoStore

/// Disease-vector habitat risk per H3 cell (`GET /api/v1/health/vector-risk`): the occurrence probability of
/// the vector from its registered species distribution model (``DistributionMap``) times the temperature
/// suitability for transmission, R0(T)/R0(T_opt) of ``VectorThermalSuitability``, at the cell's mean
/// `temperature_2m` over the `days` before `at`. Habitat says where the mosquito lives, temperature whether it
/// transmits there now; the product is 0 where either is.
public struct VectorRiskService: Sendable {
    let observations: any ObservationStore
    let registry: any ModelRegistry
    let models: ModelServing
    let variables: VariableRegistry

    public init(observations: any ObservationStore, registry: any ModelRegistry, models: ModelServing, variables: VariableRegistry) {
        self.observations = observations
        self.registry = registry
        self.models = models
        self.variables = variables
    }

    public struct Report: Encodable, Sendable {
        public var vector: String
        public var scientificName: String
        public var thermalSource: String
        public var thermalOptimumC: Double
        public var model: DistributionMap.ModelInfo
        public var resolution: Int
        public var temperatureStart: String
        public var temperatureEnd: String
        public var data: [Cell]
    }

    public struct Cell: Encodable, Sendable {
        public var h3Index: String
        /// The SDM's presence probability (mean over trees) and its 10th/90th percentiles.
        public var habitatProbability: Double
        public var habitatP10: Double
        public var habitatP90: Double
        public var meanTemperatureC: Double?
        public var thermalSuitability: Double?
        /// habitat × thermal suitability, with the habitat's p10/p90 carried through.
        public var risk: Double?
        public var riskP10: Double?
        public var riskP90: Double?
        public var reason: String?
    }

    /// The risk map for `vector` (default aedes-aegypti), optionally `model` (NAME[@VERSION|@ALIAS]), `resolution`
    /// (default the model's), `days` (temperature window, default 30), `at` (its end; default the newest
    /// temperature observation), and the region `h3`/`bbox`. Cells ranked by risk, highest first.
    public func report(_ parameters: QueryParameters) async throws -> Report {
        let name = parameters.string("vector") ?? VectorThermalSuitability.aedesAegypti.id
        guard let vector = VectorThermalSuitability.vector(name) else {
            throw EcoError.badRequest("Unknown vector '\(name)'; the vectors with a published temperature curve are \(VectorThermalSuitability.vectors.map(\.id).joined(separator: ", ")).")
        }
        let days = try parameters.int("days", default: 30, range: 1...365)
        let at = try parameters.time("at")
        _ = try parameters.resolution()   // a bad value is a 400 before the model is looked up
        var scope = try parameters.seriesFilter(catalogue: variables.catalogue)
        scope.source = nil
        scope.stationId = nil
        let (version, model, trained) = try await DistributionMap.model(species: vector.id, reference: parameters.string("model"), registry: registry, models: models)
        let resolution = try parameters.resolution(default: trained.resolution)
        let map = try await DistributionMap.make(species: vector.id, version: version, model: model, parameters: trained, resolution: resolution,
                                                 window: nil, scope: scope, observations: observations, catalogue: variables.catalogue)
        scope.variable = "temperature_2m"
        let series = try await observations.series(matching: scope)
        let end = at ?? ((series.map(\.lastObservedAtMs).max() ?? 0) / 86_400_000 + 1) * 86_400_000
        let window = TimeWindow(startMs: end - Int64(days) * 86_400_000, endMs: end)
        let temperatures = try await meanTemperature(series, resolution: resolution, window: window)
        let cells = map.data.map { cell in
            var result = Cell(h3Index: cell.h3Index, habitatProbability: cell.probability, habitatP10: cell.p10, habitatP90: cell.p90)
            guard let temperature = temperatures[Spatial.cell(hex: cell.h3Index) ?? 0] else {
                result.reason = "No temperature_2m observations in the cell between \(Timestamp.format(ms: window.startMs)) and \(Timestamp.format(ms: window.endMs)); widen 'days' or set 'at'."
                return result
            }
            let suitability = vector.relative(at: temperature)
            result.meanTemperatureC = temperature
            result.thermalSuitability = suitability
            result.risk = cell.probability * suitability
            result.riskP10 = cell.p10 * suitability
            result.riskP90 = cell.p90 * suitability
            return result
        }
        return Report(vector: vector.id, scientificName: vector.scientificName, thermalSource: vector.source, thermalOptimumC: vector.optimum,
                      model: map.model, resolution: resolution, temperatureStart: Timestamp.format(ms: window.startMs),
                      temperatureEnd: Timestamp.format(ms: window.endMs),
                      data: cells.sorted { ($0.risk ?? -1, $1.h3Index) > ($1.risk ?? -1, $0.h3Index) })
    }

    /// Mean of all readings in `window` per cell at `resolution`.
    func meanTemperature(_ series: [SeriesInfo], resolution: Int, window: TimeWindow) async throws -> [UInt64: Double] {
        var sums: [UInt64: (sum: Double, count: Int)] = [:]
        for item in series where item.lastObservedAtMs >= window.startMs {
            let cell = Spatial.parent(of: item.key.cell, resolution: resolution)
            for bucket in try await observations.buckets(of: [item.id], window: window, bucket: .day, rawValueLimit: 0).buckets {
                sums[cell, default: (0, 0)].sum += bucket.stats.sum
                sums[cell, default: (0, 0)].count += bucket.stats.count
            }
        }
        return sums.filter { $0.value.count > 0 }.mapValues { $0.sum / Double($0.count) }
    }
}
