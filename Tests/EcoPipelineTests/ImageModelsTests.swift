import EcoCore
import EcoImage
import EcoObjectStorage
@testable import EcoPipeline
import EcoStore
import EcoStoreSQLite
import EcoTestSupport
import Foundation
import Testing

/// Issue #18: ONNX image models in the registry below HTTP — loading by reference, the bounded cache, and a
/// registration that fails after its file was stored leaving nothing behind.
@Suite struct ImageModelsTests {
    static let spec = ImageModelSpec(task: .classification, labels: ["clear", "heavy_plastic"],
                                     preprocessing: Preprocessing(inputSize: 8, resizeSize: 8, mean: [0, 0, 0], std: [1, 1, 1]))

    static func withModels(registry: ((SQLiteStore) -> any ModelRegistry)? = nil, cacheCapacity: Int = 8,
                           _ body: (ImageModels, SQLiteStore, FileObjectStore) async throws -> Void) async throws {
        let store = try SQLiteStore.temporary()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-image-models-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let objects = try FileObjectStore(root: root)
        let models = ImageModels(registry: registry?(store) ?? store, objects: objects, clock: .system, cacheCapacity: cacheCapacity)
        do { try await body(models, store, objects) } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    @Test func aRegisteredModelLoadsByAliasFromObjectStorageAfterTheCacheDroppedIt() async throws {
        try await Self.withModels(cacheCapacity: 1) { models, store, objects in
            let first = try await models.register(name: "reef", spec: Self.spec, onnx: TinyImageModels.colourClassifier())
            _ = try await models.register(name: "other", spec: Self.spec, onnx: TinyImageModels.colourClassifier(weights: [[10, 0], [0, 0], [0, 10]]))
            try await store.setAlias("backbone", name: "reef", version: first.version, atMs: 1)
            // A fresh service has nothing cached: the artefact is read back from the object store.
            let fresh = ImageModels(registry: store, objects: objects, clock: .system)
            let loaded = try await fresh.loadImageModel("reef@backbone")
            #expect(loaded.reference == "reef@1")
            #expect(loaded.spec.input == "x" && loaded.spec.outputsProbabilities)
            let red = PixelImage(width: 4, height: 4, channels: 3, samples: [UInt8](repeating: 0, count: 48).enumerated().map { $0.offset % 3 == 0 ? 250 : 0 })
            #expect(try loaded.predict([red], topK: 1).first?.label == "heavy_plastic")
            #expect(try await models.loadImageModel("other").spec == (try await fresh.loadImageModel("other")).spec)
            await #expect(throws: EcoError.self) { try await fresh.loadImageModel("reef@9") }
            #expect(try await objects.list().count == 2)
        }
    }

    @Test func aTabularModelIsNotLoadedAsAnImageModel() async throws {
        try await Self.withModels { models, store, _ in
            _ = try await store.registerModel(ModelVersion(name: "sdm", algorithm: "rf", task: "classification", parametersJSON: "{}", metricsJSON: "{}",
                                                           datasetSHA256: "", createdAtMs: 1, artifact: [1, 2, 3]))
            await #expect(throws: ImageModelError.self) { try await models.loadImageModel("sdm") }
        }
    }

    /// A registry whose writes fail, as a store that went away between the file's upload and the row.
    struct FailingRegistry: ModelRegistry {
        let base: any ModelRegistry
        func registerModel(_ model: ModelVersion) async throws -> ModelVersion { throw EcoError.storage("disk full") }
        func model(named name: String, _ reference: ModelReference) async throws -> ModelVersion? { try await base.model(named: name, reference) }
        func modelVersions(named name: String?) async throws -> [ModelVersion] { try await base.modelVersions(named: name) }
        func setStage(_ stage: ModelStage, name: String, version: Int, atMs: Int64) async throws {}
        func setAlias(_ alias: String, name: String, version: Int, atMs: Int64) async throws {}
        func modelAliases(named name: String?) async throws -> [ModelAlias] { try await base.modelAliases(named: name) }
        func modelHistory(named name: String) async throws -> [ModelEvent] { [] }
    }

    @Test func aRegistrationThatFailsAfterStoringTheFileRemovesIt() async throws {
        try await Self.withModels(registry: { FailingRegistry(base: $0) }) { models, _, objects in
            await #expect(throws: EcoError.storage("disk full")) {
                try await models.register(name: "reef", spec: Self.spec, onnx: TinyImageModels.colourClassifier())
            }
            let remaining = try await objects.list()
            #expect(remaining.isEmpty, "the stored file was removed again")
        }
    }
}
