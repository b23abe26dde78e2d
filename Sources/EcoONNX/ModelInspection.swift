/// What a model file holds and whether EcoONNX can run it, without running it (for `ecotrack onnx inspect`
/// and for refusing a model at registration).
public struct ModelInspection: Sendable {
    public struct OperatorUse: Sendable, Equatable {
        public let opType: String
        public let count: Int
        public let supported: Bool
    }

    public let producer: String
    public let opset: Int
    public let inputs: [ValueInfoProto]
    public let outputs: [ValueInfoProto]
    /// Operator types in order of first use, with how many nodes use each.
    public let operators: [OperatorUse]
    public let parameterCount: Int
    /// Every reason the model cannot be loaded (empty: it loads).
    public let problems: [String]

    public init(_ model: ModelProto) {
        producer = model.producerName
        opset = model.defaultOpset
        let initializerNames = Set(model.graph.initializers.map(\.name))
        inputs = model.graph.inputs.filter { !initializerNames.contains($0.name) }
        outputs = model.graph.outputs
        var order: [String] = [], counts: [String: Int] = [:]
        for node in model.graph.nodes {
            let key = node.domain.isEmpty || node.domain == "ai.onnx" ? node.opType : "\(node.domain).\(node.opType)"
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }
        operators = order.map { OperatorUse(opType: $0, count: counts[$0]!, supported: OperatorSet.builder(for: $0) != nil || $0 == "Constant") }
        parameterCount = model.graph.initializers.reduce(0) { $0 + $1.dims.reduce(1, *) }
        do {
            _ = try ONNXModel(model)
            problems = []
        } catch let ONNXError.unsupported(issues) {
            problems = issues
        } catch {
            problems = ["\(error)"]
        }
    }

    /// The operator types EcoONNX implements.
    public static var supportedOperators: [String] { OperatorSet.supported + ["Constant"] }
}
