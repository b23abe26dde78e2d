import EcoONNX
import Foundation
import Testing

/// Reads the committed fixtures written by scripts/reference/onnx_models.py.
enum Fixture {
    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"), "missing fixture \(name)")
    }

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(name))) }

    /// Raw little-endian float32 values.
    static func floats(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: url(name))
        return data.withUnsafeBytes { raw in (0..<(data.count / 4)).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) } }
    }

    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let name, model, input, output: String
        let inputShape, outputShape: [Int]
        var testDescription: String { name }
    }

    static var cases: [Case] {
        get throws {
            struct Manifest: Decodable { let cases: [Case] }
            return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url("manifest.json"))).cases
        }
    }
}

/// Builds one-node (or few-node) graphs in Swift for operator tests.
enum Graphs {
    /// A model of `nodes` whose inputs are `inputs` (shapes left open) and whose output is "y".
    static func model(_ nodes: [NodeProto], inputs: [String], constants: [TensorProto] = [], opset: Int64 = 17) throws -> ONNXModel {
        var proto = ModelProto()
        proto.opsetImports = [OperatorSetID(version: opset)]
        proto.graph = GraphProto(
            nodes: nodes, initializers: constants,
            inputs: inputs.map { ValueInfoProto(name: $0, shape: nil) }, outputs: [ValueInfoProto(name: "y", shape: nil)])
        return try ONNXModel(proto)
    }

    /// Runs a single node reading `x` (and more named inputs) with the given constants; returns "y".
    static func run(_ node: NodeProto, _ feeds: [String: Tensor], constants: [TensorProto] = [], opset: Int64 = 17) throws -> Tensor {
        let model = try model([node], inputs: feeds.keys.sorted(), constants: constants, opset: opset)
        return try #require(try model.run(feeds)["y"])
    }

    /// 0, 1, 2, … laid out in `shape`.
    static func iota(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map(Float.init))
    }
}
