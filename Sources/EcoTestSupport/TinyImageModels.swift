import EcoONNX

/// Small ONNX image models for tests of registration, prediction and entry classification, built with
/// EcoONNX's own proto types and serialized by ``ONNXWriter``.
public enum TinyImageModels {
    /// A classifier of mean colour: `x [N,3,S,S]` → GlobalAveragePool → Flatten → Gemm(`weights` [3, K], `bias` [K])
    /// → Softmax (when `softmax`) → `y [N,K]`. With the default weights and mean 0 / std 1 preprocessing, a red
    /// image is class 1 and a blue one class 0, with probability > 0.99.
    public static func colourClassifier(inputSize: Int = 8, weights: [[Float]] = [[0, 10], [0, 0], [10, 0]], bias: [Float]? = nil,
                                        softmax: Bool = true, inputShape: [Int?]?? = nil) -> [UInt8] {
        let classes = weights.first?.count ?? 0
        var nodes = [
            NodeProto("GlobalAveragePool", inputs: ["x"], outputs: ["pooled"]),
            NodeProto("Flatten", inputs: ["pooled"], outputs: ["flat"]),
            NodeProto("Gemm", inputs: ["flat", "w", "b"], outputs: [softmax ? "logits" : "y"]),
        ]
        if softmax { nodes.append(NodeProto("Softmax", inputs: ["logits"], outputs: ["y"], attributes: [.int("axis", 1)])) }
        let initializers = [
            TensorProto(name: "w", dims: [3, classes], floats: weights.flatMap { $0 }),
            TensorProto(name: "b", dims: [classes], floats: bias ?? [Float](repeating: 0, count: classes)),
        ]
        let shape: [Int?]? = inputShape ?? [nil, 3, inputSize, inputSize]
        return model(nodes, initializers: initializers, input: ValueInfoProto(name: "x", shape: shape), output: "y")
    }

    /// A model using operators EcoONNX does not run (`Erf`, `LpNormalization` by default) after a supported one.
    public static func withUnsupportedOperators(_ operators: [String] = ["Erf", "LpNormalization"], inputSize: Int = 8) -> [UInt8] {
        var nodes = [NodeProto("GlobalAveragePool", inputs: ["x"], outputs: ["v0"])]
        for (index, op) in operators.enumerated() { nodes.append(NodeProto(op, inputs: ["v\(index)"], outputs: ["v\(index + 1)"], name: "\(op.lowercased())1")) }
        nodes.append(NodeProto("Flatten", inputs: ["v\(operators.count)"], outputs: ["y"]))
        return model(nodes, initializers: [], input: ValueInfoProto(name: "x", shape: [nil, 3, inputSize, inputSize]), output: "y")
    }

    /// `nodes` as a model of one input and one output, opset 17.
    public static func model(_ nodes: [NodeProto], initializers: [TensorProto], input: ValueInfoProto, output: String) -> [UInt8] {
        var proto = ModelProto()
        proto.irVersion = 8
        proto.producerName = "ecotrack-tests"
        proto.opsetImports = [OperatorSetID(version: 17)]
        proto.graph = GraphProto(nodes: nodes, initializers: initializers, inputs: [input], outputs: [ValueInfoProto(name: output, shape: nil)])
        return ONNXWriter.bytes(of: proto)
    }
}
