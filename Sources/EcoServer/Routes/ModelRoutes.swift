import EcoCore
import EcoML
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// The model registry and inference.
///
/// | Method | Path | Permission | What |
/// |---|---|---|---|
/// | GET | /api/v1/models | read:public | every registered version with stage, aliases and metrics |
/// | GET | /api/v1/models/{name}/info | read:public | model card: versions, metrics, parameters, dataset fingerprint, history |
/// | POST | /api/v1/models/{name}/stage | manage:models | move a version to None/Staging/Production/Archived |
/// | POST | /api/v1/models/{name}/aliases | manage:models | point an alias (champion, challenger …) at a version |
/// | POST | /api/v1/predict/{model} | run:analysis | predict one row or a batch (`name`, `name@3`, `name@champion`) |
///
/// ONNX image models are registered and predicted with by ``ImageModelRoutes``.
struct ModelRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/models", .readPublic, use: list)
        group.get("/models/:name/info", .readPublic, use: info)
        group.post("/models/:name/stage", .manageModels, use: stage)
        group.post("/models/:name/aliases", .manageModels, use: alias)
        group.post("/predict/:model", .runAnalysis, use: predict)
    }

    struct VersionDTO: Encodable, Sendable {
        var name: String
        var version: Int
        var stage: String
        var algorithm: String
        var task: String
        var metrics: JSONValue
        var parameters: JSONValue
        var datasetSha256: String
        var createdAt: String
        /// The artefact's SHA-256 in object storage (ONNX image models); absent for tabular models.
        var artifactKey: String?
        /// The aliases (champion, challenger …) that point at this version, sorted.
        var aliases: [String]

        /// `version`, with those of `aliases` that point at it.
        init(_ version: ModelVersion, aliases: [ModelAlias] = []) {
            name = version.name
            self.version = version.version
            stage = version.stage.rawValue
            algorithm = version.algorithm
            task = version.task
            metrics = JSONValue.parse(version.metricsJSON) ?? .null
            parameters = JSONValue.parse(version.parametersJSON) ?? .null
            datasetSha256 = version.datasetSHA256
            createdAt = Timestamp.format(ms: version.createdAtMs)
            artifactKey = version.artifactKey
            self.aliases = ModelAlias.names(of: aliases, pointingAt: version.version, of: version.name)
        }
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let versions = try await services.store.modelVersions(named: nil)
        let aliases = try await services.store.modelAliases(named: nil)
        let data = versions.map { VersionDTO($0, aliases: aliases) }
        return try JSONResponse.make(Page.whole(data, limit: try QueryParameters(request, context: context).optionalLimit(maximum: services.configuration.maxPageSize)))
    }

    struct ModelCard: Encodable, Sendable {
        var name: String
        var serving: VersionDTO?
        var versions: [VersionDTO]
        var history: [Event]
        struct Event: Encodable, Sendable { var version: Int; var event: String; var at: String }
    }

    @Sendable func info(request: Request, context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        let versions = try await services.store.modelVersions(named: name)
        guard !versions.isEmpty else { throw Problem.notFound("No model named '\(name)'; GET /api/v1/models lists them.") }
        let serving = try await services.store.model(named: name, .latestServing)
        let history = try await services.store.modelHistory(named: name).map {
            ModelCard.Event(version: $0.version, event: $0.event, at: Timestamp.format(ms: $0.atMs))
        }
        let aliases = try await services.store.modelAliases(named: name)
        return try JSONResponse.make(ModelCard(name: name, serving: serving.map { VersionDTO($0, aliases: aliases) },
                                               versions: versions.map { VersionDTO($0, aliases: aliases) }, history: history))
    }

    struct StageRequest: Decodable, Sendable { var version: Int; var stage: ModelStage }
    struct AliasRequest: Decodable, Sendable { var version: Int; var alias: String }

    @Sendable func stage(request: Request, context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        let input = try await request.decode(as: StageRequest.self, context: context)
        try await services.store.setStage(input.stage, name: name, version: input.version, atMs: services.clock.nowMs())
        return try JSONResponse.make(["name": name, "version": String(input.version), "stage": input.stage.rawValue])
    }

    @Sendable func alias(request: Request, context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        let input = try await request.decode(as: AliasRequest.self, context: context)
        guard !input.alias.isEmpty, input.alias.count <= 64, Int(input.alias) == nil, !input.alias.contains("@") else {
            throw Problem.badRequest("alias must be 1–64 characters, not a number and without '@', e.g. champion.")
        }
        try await services.store.setAlias(input.alias, name: name, version: input.version, atMs: services.clock.nowMs())
        return try JSONResponse.make(["name": name, "version": String(input.version), "alias": input.alias])
    }

    /// `{"rows": [{"feature": value, …}, …]}` or `{"features": {…}}` for one row; values may be numbers or text.
    struct PredictRequest: Decodable, Sendable {
        var rows: [[String: JSONValue]]?
        var features: [String: JSONValue]?
    }

    @Sendable func predict(request: Request, context: AppRequestContext) async throws -> Response {
        let reference = context.parameters.get("model") ?? ""
        let input = try await request.decode(as: PredictRequest.self, context: context)
        let rows = input.rows ?? input.features.map { [$0] } ?? []
        guard !rows.isEmpty else { throw Problem.badRequest("Send {\"features\": {…}} for one row or {\"rows\": [{…}, …]} for a batch.") }
        guard rows.count <= 10_000 else { throw Problem(.contentTooLarge, detail: "At most 10,000 rows per request; split the batch.") }
        let serving = services.models
        let (version, model) = try await serving.model(reference, registry: services.store)
        let started = ContinuousClock.now
        var results: [JSONValue] = []
        results.reserveCapacity(rows.count)
        var cacheHits = 0
        for (index, row) in rows.enumerated() {
            let cells = row.mapValues(Self.cellText)
            let key = "\(version.name)@\(version.version)|" + cells.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}")
            if let hit = serving.cached(key) {
                results.append(hit)
                cacheHits += 1
                continue
            }
            let features: [Double]
            do { features = try model.featureRow(cells) } catch {
                throw Problem(.unprocessableContent, detail: "rows[\(index)]: \(error)")
            }
            let result = Self.encode(model.predict(row: features), model: model)
            serving.store(result, for: key)
            results.append(result)
        }
        let seconds = (ContinuousClock.now - started).seconds
        services.metrics.inference(model: version.name, rows: rows.count, seconds: seconds)
        return try JSONResponse.make(JSONValue.object([
            "model": .string(version.name), "version": .number(Double(version.version)), "stage": .string(version.stage.rawValue),
            "predictions": .array(results), "cacheHits": .number(Double(cacheHits)),
        ]))
    }

    static func cellText(_ value: JSONValue) -> String {
        switch value {
        case let .string(text): text
        case let .number(number): String(number)
        case let .bool(flag): String(flag)
        default: ""
        }
    }

    static func encode(_ prediction: RowPrediction, model: Model) -> JSONValue {
        if model.task == .regression { return .object(["value": .number(prediction.value)]) }
        var probabilities: [String: JSONValue] = [:]
        for (index, name) in model.classNames.enumerated() { probabilities[name] = .number(prediction.probabilities[index]) }
        return .object(["class": .string(model.classNames[Int(prediction.value)]), "probabilities": .object(probabilities)])
    }

}
