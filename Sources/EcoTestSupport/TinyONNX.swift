import EcoONNX

/// Small ONNX models described in a few lines (nodes with integer attributes, float constants) for tests that need
/// model files rather than in-memory graphs: a backbone to upload, register or train a head on.
public enum TinyONNX {
    /// One node of a graph.
    public struct Node: Sendable {
        public var opType: String
        public var inputs: [String]
        public var outputs: [String]
        /// Integer-list attributes (`axis` is a one-element list written as an int).
        public var ints: [String: [Int64]]

        public init(_ opType: String, _ inputs: [String], _ outputs: [String], ints: [String: [Int64]] = [:]) {
            self.opType = opType
            self.inputs = inputs
            self.outputs = outputs
            self.ints = ints
        }
    }

    /// A float tensor constant (initializer).
    public struct Constant: Sendable {
        public var name: String
        public var shape: [Int]
        public var values: [Float]

        public init(_ name: String, shape: [Int], values: [Float]) {
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// The model file: opset 17, one float input `input` of `inputShape` (nil = a dynamic dimension), the given
    /// outputs (shapes left open). Serialized by ``ONNXWriter``.
    public static func model(nodes: [Node], constants: [Constant] = [], input: String = "input", inputShape: [Int?],
                             outputs: [String]) -> [UInt8] {
        var model = ModelProto()
        model.irVersion = 8
        model.opsetImports = [OperatorSetID(domain: "", version: 17)]
        model.graph = GraphProto(
            nodes: nodes.map { node in
                NodeProto(node.opType, inputs: node.inputs, outputs: node.outputs, name: node.outputs.first ?? node.opType,
                          attributes: node.ints.sorted { $0.key < $1.key }.map { name, values in
                              // `axis` and the flags are single ints in ONNX; the rest are lists.
                              name == "axis" || values.count == 1 && ["group", "keepdims", "transA", "transB"].contains(name)
                                  ? .int(name, Int(values[0])) : .ints(name, values.map(Int.init))
                          })
            },
            initializers: constants.map { TensorProto(name: $0.name, dims: $0.shape, floats: $0.values) },
            inputs: [ValueInfoProto(name: input, shape: inputShape)],
            outputs: outputs.map { ValueInfoProto(name: $0, shape: nil) })
        model.graph.name = "tiny"
        return ONNXWriter.bytes(of: model)
    }
}
