import EcoCore
import EcoImage
import EcoStore
import Synchronization

/// Compiled backbones by (SHA-256, output, preprocessing), so predictions and jobs do not recompile the same
/// ONNX file; the last few used are kept.
public final class EmbedderCache: Sendable {
    /// The process's cache.
    public static let shared = EmbedderCache()

    private let compiled = Mutex<[(key: String, embedder: ImageEmbedder)]>([])
    private let capacity: Int

    public init(capacity: Int = 4) { self.capacity = capacity }

    /// The backbone stored under `backbone` in `objects`, cut at `output`.
    /// - Throws: ``EcoError/invalidArgument(_:)`` when there is no such object or it is not a usable backbone.
    public func embedder(backbone: String, output: String?, preprocessing: Preprocessing, objects: any ObjectStore) async throws -> ImageEmbedder {
        let key = "\(backbone)|\(output ?? "")|\(preprocessing.inputSize),\(preprocessing.resizeSize),\(preprocessing.mean),\(preprocessing.std),\(preprocessing.channelOrder)"
        if let hit = compiled.withLock({ list in list.first { $0.key == key }?.embedder }) { return hit }
        guard let objectKey = ObjectKey(sha256: backbone) else {
            throw EcoError.invalidArgument("backboneSha256 must be the SHA-256 (64 hex digits) of an ONNX file in object storage; got '\(backbone)'.")
        }
        let bytes: [UInt8]
        do { bytes = try await objects.readAll(objectKey) } catch ObjectStoreError.notFound {
            throw EcoError.invalidArgument("No stored object has the SHA-256 \(backbone); upload the backbone ONNX file first (e.g. as an entry: POST /api/v1/entries) and use its sha256.")
        }
        let embedder = try ImageEmbedder(onnx: bytes, output: output, preprocessing: preprocessing)
        compiled.withLock { list in
            list.insert((key, embedder), at: 0)
            if list.count > capacity { list.removeLast() }
        }
        return embedder
    }
}
