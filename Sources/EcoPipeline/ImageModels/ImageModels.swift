import Crypto
import EcoCore
import EcoImage
import EcoStore
import Foundation
import Synchronization

/// ONNX image models in the model registry (issue #18): registration (checked, artefact in object storage),
/// loading by reference (`name`, `name@3`, `name@champion`) with a bounded in-memory cache, and prediction
/// from image bytes. Stages and aliases are the registry's own, so they work as for tabular models.
public final class ImageModels: Sendable {
    let registry: any ModelRegistry
    let objects: (any ObjectStore)?
    let clock: WallClock
    /// The largest image accepted for prediction, in bytes.
    public let maxImageBytes: Int
    /// The largest number of pixels a decoded image may have (PNG/JPEG bombs are refused before allocating).
    public let decodeLimits: DecodeLimits
    private let cache: Mutex<LoadedModelCache>

    /// - Parameter cacheCapacity: compiled models kept in memory; the least recently used goes first.
    public init(registry: any ModelRegistry, objects: (any ObjectStore)?, clock: WallClock, cacheCapacity: Int = 8,
                maxImageBytes: Int = 32 << 20, decodeLimits: DecodeLimits = DecodeLimits(maxPixels: 40_000_000)) {
        self.registry = registry
        self.objects = objects
        self.clock = clock
        self.maxImageBytes = maxImageBytes
        self.decodeLimits = decodeLimits
        cache = Mutex(LoadedModelCache(capacity: max(1, cacheCapacity)))
    }

    /// Checks an ONNX file against `spec` (``ImageModelCheck``), stores it in object storage and registers it as
    /// the next version of `name`. On any refusal nothing is stored: an object this call added is removed again.
    /// - Throws: ``ImageModelError`` or ``EcoError/invalidArgument(_:)`` saying what to fix.
    public func register(name: String, spec: ImageModelSpec, onnx bytes: [UInt8], metricsJSON: String = "{}") async throws -> ModelVersion {
        try Self.validate(name: name)
        guard case .object? = JSONValue.parse(metricsJSON) else {
            throw EcoError.invalidArgument("metrics must be a JSON object, e.g. {\"accuracy\": 0.91}.")
        }
        guard let objects else { throw ImageModelError.noObjectStorage }
        let (model, checked) = try ImageModelCheck.compile(bytes, spec: spec)
        let hex = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        guard let key = ObjectKey(sha256: hex) else { throw EcoError.internalFailure("SHA-256 \(hex) is not a key") }
        // Content-addressed: the same file may already be stored (another version, or an entry); only an
        // object this call created is removed when registration fails.
        let existed = try await objects.info(key) != nil
        let version: ModelVersion
        do {
            let stored = try await objects.put(bytes: bytes)
            guard stored.key == key else { throw EcoError.internalFailure("object store answered key \(stored.key) for \(key)") }
            version = try await registry.registerModel(ModelVersion(
                name: name, algorithm: ImageModelSpec.algorithm, task: "image-\(checked.task.rawValue)", parametersJSON: checked.json(),
                metricsJSON: metricsJSON, datasetSHA256: "", createdAtMs: clock.nowMs(), artifact: [], artifactKey: key.sha256))
        } catch {
            if !existed { try? await objects.delete(key) }
            throw error
        }
        var light = version
        light.artifact = []
        cache.withLock { $0.insert(LoadedImageModel(version: light, spec: checked, model: model)) }
        return light
    }

    /// Loads the registered ONNX image model `reference` names (`name`, `name@3`, `name@alias`; a bare name means
    /// the Production version, else the newest), compiled and ready to run. Compiled models are cached by version;
    /// the reference is resolved in the registry on every call, so a promotion or alias move takes effect at once.
    /// - Throws: ``EcoError/notFound(_:)`` for an unknown model, ``ImageModelError/wrongKind(_:)`` for a tabular one.
    public func loadImageModel(_ reference: String) async throws -> LoadedImageModel {
        let (name, parsed) = ModelReference.parse(reference)
        guard let version = try await registry.model(named: name, parsed) else {
            throw EcoError.notFound("No model '\(reference)' is registered; GET /api/v1/models lists them.")
        }
        if let hit = cache.withLock({ $0.get("\(version.name)@\(version.version)") }) { return hit }
        let loaded = try await Self.compile(version, objects: objects)
        cache.withLock { $0.insert(loaded) }
        return loaded
    }

    /// Decodes image bytes (PNG or JPEG) and predicts with the model `reference` names.
    /// - Throws: ``ImageModelError/unreadableImage(_:)`` naming the image that could not be decoded.
    public func predict(_ reference: String, images: [[UInt8]], topK: Int = 5, threads: Int = 1) async throws -> (LoadedImageModel, [ImagePrediction]) {
        let loaded = try await loadImageModel(reference)
        let decoded = try images.enumerated().map { index, bytes in
            do { return try decodeImage(bytes, limits: decodeLimits) } catch {
                throw ImageModelError.unreadableImage(images.count == 1 ? "The image could not be decoded: \(error)."
                                                                        : "Image \(index + 1) could not be decoded: \(error).")
            }
        }
        return (loaded, try loaded.predict(decoded, topK: topK, threads: threads))
    }

    /// Reads `version`'s artefact from object storage and compiles it (no cache).
    static func compile(_ version: ModelVersion, objects: (any ObjectStore)?) async throws -> LoadedImageModel {
        guard let spec = ImageModelSpec.of(version), let hex = version.artifactKey, let key = ObjectKey(sha256: hex) else {
            throw ImageModelError.wrongKind("Model \(version.name)@\(version.version) is a \(version.algorithm) model, not an ONNX image model; "
                + "use POST /api/v1/predict/\(version.name) for tabular models.")
        }
        guard let objects else { throw ImageModelError.noObjectStorage }
        let bytes: [UInt8]
        do { bytes = try await objects.readAll(key) } catch ObjectStoreError.notFound {
            throw EcoError.internalFailure("The artefact of \(version.name)@\(version.version) (\(hex)) is missing from object storage.")
        }
        do {
            let (model, _) = try ImageModelCheck.compile(bytes, spec: spec)
            var light = version
            light.artifact = []
            return LoadedImageModel(version: light, spec: spec, model: model)
        } catch {
            throw EcoError.internalFailure("The artefact of \(version.name)@\(version.version) no longer loads: \(error)")
        }
    }

    /// Model names: 1–128 letters, digits, `-`, `_` and `.` (no `@`, which starts a version or alias).
    static func validate(name: String) throws {
        let allowed = name.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 || $0 == 46 }
        guard (1...128).contains(name.utf8.count), allowed else {
            throw EcoError.invalidArgument("A model name is 1–128 letters, digits, '-', '_' or '.', e.g. ocean-plastic-mobilenet; got '\(name)'.")
        }
    }
}

/// The compiled models kept in memory, by `name@version`, least recently used evicted first.
struct LoadedModelCache {
    let capacity: Int
    private var models: [String: LoadedImageModel] = [:]
    private var order: [String] = []

    init(capacity: Int) { self.capacity = capacity }

    mutating func get(_ key: String) -> LoadedImageModel? {
        guard let model = models[key] else { return nil }
        order.removeAll { $0 == key }
        order.append(key)
        return model
    }

    mutating func insert(_ model: LoadedImageModel) {
        let key = model.reference
        if models.updateValue(model, forKey: key) != nil { order.removeAll { $0 == key } }
        order.append(key)
        while order.count > capacity { models[order.removeFirst()] = nil }
    }

    var count: Int { models.count }
}
