/// Load-time rewrites that keep results the same but save work: a BatchNormalization after a Conv is folded
/// into the Conv's weights and bias, and an activation after a Conv is applied as the Conv stores its output.
struct PlannedNode {
    var node: NodeProto
    /// An activation fused into this (Conv) node.
    var activation: Activation = .none
}

enum GraphRewrites {
    static func apply(_ nodes: [NodeProto], graphOutputs: Set<String>, constants: inout Constants, opset: Int) -> [PlannedNode] {
        var planned = nodes.map { PlannedNode(node: $0) }
        planned = foldBatchNorms(planned, graphOutputs: graphOutputs, constants: &constants, opset: opset)
        planned = fuseActivations(planned, graphOutputs: graphOutputs, constants: constants, opset: opset)
        return planned
    }

    /// How many nodes read each value.
    private static func uses(_ nodes: [PlannedNode]) -> [String: Int] {
        var count: [String: Int] = [:]
        for n in nodes { for input in n.node.inputs where !input.isEmpty { count[input, default: 0] += 1 } }
        return count
    }

    /// The Conv node (index) that alone feeds `value`, if the value is read by nothing else.
    private static func soleConvProducer(of value: String, in nodes: [PlannedNode], uses: [String: Int], graphOutputs: Set<String>) -> Int? {
        guard uses[value] == 1, !graphOutputs.contains(value),
              let i = nodes.firstIndex(where: { $0.node.outputs.first == value }),
              nodes[i].node.opType == "Conv", nodes[i].node.domain.isEmpty, nodes[i].activation == .none else { return nil }
        return i
    }

    private static func foldBatchNorms(_ nodes: [PlannedNode], graphOutputs: Set<String>, constants: inout Constants, opset: Int) -> [PlannedNode] {
        var nodes = nodes
        let counts = uses(nodes)
        var removed = Set<Int>()
        for j in nodes.indices where nodes[j].node.opType == "BatchNormalization" && nodes[j].node.outputs.count == 1 {
            let bn = NodeContext(node: nodes[j].node, opset: opset, constants: constants)
            guard bn.int("training_mode", default: 0) == 0,
                  let i = soleConvProducer(of: bn.node.inputs[0], in: nodes, uses: counts, graphOutputs: graphOutputs),
                  let (multiplier, shift) = try? BatchNormalization.coefficients(bn) else { continue }
            let conv = NodeContext(node: nodes[i].node, opset: opset, constants: constants)
            guard let weights = try? conv.constant(1, role: "W"), weights.shape.first == multiplier.count else { continue }
            let bias = (try? conv.constant(2, role: "B"))?.data ?? [Float](repeating: 0, count: multiplier.count)
            guard bias.count == multiplier.count else { continue }
            let perChannel = weights.count / multiplier.count
            var folded = weights
            for o in 0..<multiplier.count {
                for k in 0..<perChannel { folded.data[o * perChannel + k] *= multiplier[o] }
            }
            let newBias = (0..<multiplier.count).map { bias[$0] * multiplier[$0] + shift[$0] }
            let stem = "\(nodes[i].node.inputs[1])#folded\(j)"
            constants.floats[stem + ".W"] = folded
            constants.floats[stem + ".B"] = Tensor(shape: [newBias.count], data: newBias)
            nodes[i].node.inputs = [nodes[i].node.inputs[0], stem + ".W", stem + ".B"]
            nodes[i].node.outputs = [bn.node.outputs[0]]
            removed.insert(j)
        }
        return nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    private static func fuseActivations(_ nodes: [PlannedNode], graphOutputs: Set<String>, constants: Constants, opset: Int) -> [PlannedNode] {
        var nodes = nodes
        let counts = uses(nodes)
        var removed = Set<Int>()
        for j in nodes.indices where nodes[j].node.domain.isEmpty && !nodes[j].node.inputs.isEmpty && nodes[j].node.outputs.count == 1 {
            let context = NodeContext(node: nodes[j].node, opset: opset, constants: constants)
            guard let activation = OperatorSet.fusableActivation(context),
                  let i = soleConvProducer(of: nodes[j].node.inputs[0], in: nodes, uses: counts, graphOutputs: graphOutputs) else { continue }
            nodes[i].activation = activation
            nodes[i].node.outputs = nodes[j].node.outputs
            removed.insert(j)
        }
        return nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }
}
