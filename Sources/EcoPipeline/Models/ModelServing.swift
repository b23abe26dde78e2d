import EcoCore
import EcoML
import EcoStore
import Foundation
import Synchronization

/// Loaded models and recent predictions, kept in memory so inference does not decode an artifact
/// or recompute a row it has just seen (cache keyed by model version and the row's canonical text).
public final class ModelServing: Sendable {
    private struct Loaded: Sendable { var version: ModelVersion; var model: Model }
    private let models = Mutex<[String: Loaded]>([:])
    private let predictions = Mutex<(entries: [String: JSONValue], order: [String])>(([:], []))
    /// Most cached predictions kept; the oldest go first.
    let cacheCapacity: Int

    public init(cacheCapacity: Int = 10_000) {
        self.cacheCapacity = cacheCapacity
    }

    /// The model `reference` names, decoded once per version. Stages and aliases are resolved in
    /// the registry on every call, so a promotion takes effect at once.
    public func model(_ text: String, registry: any ModelRegistry) async throws -> (ModelVersion, Model) {
        let (name, reference) = ModelReference.parse(text)
        guard let version = try await registry.model(named: name, reference) else {
            throw EcoError.notFound("No model '\(text)' is registered; GET /api/v1/models lists them.")
        }
        let key = "\(version.name)@\(version.version)"
        try YieldModelArtifact.refuseGenericUse(of: version)
        if version.algorithm == ImageModelSpec.algorithm {
            throw EcoError.invalidArgument("Model \(key) is an ONNX image model; send an image to POST /api/v1/models/\(version.name)/predict.")
        }
        if let loaded = models.withLock({ $0[key] }) { return (loaded.version, loaded.model) }
        let model: Model
        do { model = try Model(serialized: version.artifact) } catch {
            throw EcoError.internalFailure("The artifact of \(key) cannot be read: \(error).")
        }
        var light = version
        light.artifact = []
        models.withLock { $0[key] = Loaded(version: light, model: model) }
        return (light, model)
    }

    public func cached(_ key: String) -> JSONValue? { predictions.withLock { $0.entries[key] } }

    public func store(_ value: JSONValue, for key: String) {
        predictions.withLock { cache in
            if cache.entries.updateValue(value, forKey: key) == nil { cache.order.append(key) }
            if cache.order.count > cacheCapacity {
                let drop = cache.order.count - cacheCapacity
                for old in cache.order.prefix(drop) { cache.entries[old] = nil }
                cache.order.removeFirst(drop)
            }
        }
    }
}
