import Synchronization
import EcoCore
import EcoImage
import EcoONNX

/// A backbone ONNX model cut at the output whose values are an image's embedding (the graph's own output, or a
/// named intermediate one such as a global-average-pool), with the preprocessing its input takes (issue #18).
public struct ImageEmbedder: Sendable {
    public let model: ONNXModel
    public let preprocessing: Preprocessing
    /// The tensor read as the embedding.
    public let output: String

    /// Compiles `bytes`, keeping only the nodes that `output` (default: the graph's first output) needs.
    /// - Throws: ``EcoError/invalidArgument(_:)`` naming the outputs there are, or what is wrong with the input.
    public init(onnx bytes: [UInt8], output: String?, preprocessing: Preprocessing) throws {
        var proto: ModelProto
        do { proto = try ModelProto(serialized: bytes) } catch {
            throw EcoError.invalidArgument("The backbone is not a readable ONNX model: \(error).")
        }
        let produced = proto.graph.nodes.flatMap(\.outputs)
        guard let target = output ?? proto.graph.outputs.first?.name else { throw EcoError.invalidArgument("The backbone's graph has no output.") }
        guard produced.contains(target) else {
            throw EcoError.invalidArgument("The backbone has no tensor named '\(target)'; embeddingOutput may name a graph output (\(proto.graph.outputs.map(\.name).joined(separator: ", "))) or a node output, e.g. \(produced.suffix(5).joined(separator: ", ")).")
        }
        // Keep the nodes the embedding depends on, so what follows it (the classifier layer) is never computed.
        var needed: Set<String> = [target]
        var kept: [NodeProto] = []
        for node in proto.graph.nodes.reversed() where node.outputs.contains(where: needed.contains) {
            kept.append(node)
            needed.formUnion(node.inputs)
        }
        proto.graph.nodes = kept.reversed()
        proto.graph.outputs = [ValueInfoProto(name: target, shape: nil)]
        let compiled: ONNXModel
        do { compiled = try ONNXModel(proto) } catch {
            throw EcoError.invalidArgument("The backbone cannot run in EcoONNX: \(error).")
        }
        let size = preprocessing.inputSize
        guard compiled.inputs.count == 1, let input = compiled.inputs.first else {
            throw EcoError.invalidArgument("The backbone has \(compiled.inputs.count) inputs; an image backbone takes exactly one [N,3,H,W] input.")
        }
        if let shape = input.shape, shape.count != 4 || shape[1] != 3 || (shape[2] != nil && shape[2] != size) || (shape[3] != nil && shape[3] != size) {
            throw EcoError.invalidArgument("The backbone's input '\(input.name)' has shape [\(shape.map { $0.map(String.init) ?? "?" }.joined(separator: ","))] but preprocessing.inputSize \(size) makes [N,3,\(size),\(size)]; give the input size the backbone was exported with.")
        }
        model = compiled
        self.preprocessing = preprocessing
        self.output = target
    }

    /// The embedding of one encoded image (PNG or JPEG), flattened.
    /// - Throws: ``ImageError`` for an image that cannot be decoded, ``ONNXError`` when the backbone fails on it.
    public func embed(_ image: [UInt8], limits: DecodeLimits = DecodeLimits()) throws -> [Float] {
        let pixels = try decodeImage(image, limits: limits)
        let size = preprocessing.inputSize
        let input = Tensor(shape: [1, 3, size, size], data: try preprocessing.tensor(pixels))
        return try model.run(input).first?.data ?? []
    }
}

/// Embeddings already computed, keyed by backbone, output, preprocessing and image SHA-256, so a retried or
/// repeated training job does not run the backbone on the same file twice. Bounded by the number of floats it
/// holds; the oldest entries go first. In memory, per process.
public final class EmbeddingCache: Sendable {
    private struct State {
        var values: [String: [Float]] = [:]
        var order: [String] = []
        var floats = 0
    }

    private let state = Mutex(State())
    /// The most floats kept (4 bytes each).
    public let capacity: Int

    public init(capacity: Int = 16_000_000) { self.capacity = capacity }

    public func value(_ key: String) -> [Float]? { state.withLock { $0.values[key] } }

    public func store(_ value: [Float], for key: String) {
        state.withLock { state in
            guard state.values[key] == nil, value.count <= capacity else { return }
            state.values[key] = value
            state.order.append(key)
            state.floats += value.count
            while state.floats > capacity, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                state.floats -= state.values.removeValue(forKey: oldest)?.count ?? 0
            }
        }
    }
}
