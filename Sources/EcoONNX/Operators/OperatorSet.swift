/// The operators EcoONNX implements (default ai.onnx domain) and how each is built from its node.
enum OperatorSet {
    /// Builds a node's operator; returns it and the names of the inputs it reads at run time.
    typealias Builder = @Sendable (NodeContext, Activation) throws -> (any Operator, [String])

    static func builder(for opType: String) -> Builder? { builders[opType] }

    static var supported: [String] { builders.keys.sorted() }

    private static let builders: [String: Builder] = [
        "Conv": { c, act in
            let weights = try c.constant(1, role: "weights W")
            let bias = try c.input(2).map { _ in try c.constant(2, role: "bias B").data }
            return (try Conv(c, weights: weights, bias: bias, activation: act), [c.node.inputs[0]])
        },
        "BatchNormalization": { c, _ in (try BatchNormalization(c), [c.node.inputs[0]]) },
        "Relu": { c, _ in (Unary(kind: .activation(.relu)), [c.node.inputs[0]]) },
        "Sigmoid": { c, _ in (Unary(kind: .sigmoid), [c.node.inputs[0]]) },
        "HardSigmoid": { c, _ in (Unary(kind: .activation(hardSigmoid(c))), [c.node.inputs[0]]) },
        "HardSwish": { c, _ in (Unary(kind: .activation(.hardSwish)), [c.node.inputs[0]]) },
        "Clip": { c, _ in (Unary(kind: .activation(try Unary.clip(c))), [c.node.inputs[0]]) },
        "Add": binary(.add), "Sub": binary(.sub), "Mul": binary(.mul), "Div": binary(.div),
        "MaxPool": { c, _ in (try Pool(c, kind: .max), [c.node.inputs[0]]) },
        "AveragePool": { c, _ in
            (try Pool(c, kind: .average(countIncludePad: c.int("count_include_pad", default: 0) != 0)), [c.node.inputs[0]])
        },
        "GlobalAveragePool": { c, _ in (GlobalPool(isMax: false), [c.node.inputs[0]]) },
        "GlobalMaxPool": { c, _ in (GlobalPool(isMax: true), [c.node.inputs[0]]) },
        "Gemm": { c, _ in (try Dense(gemm: c), [c.node.inputs[0]]) },
        "MatMul": { c, _ in
            if c.constants.floats[c.node.inputs[1]] != nil { return (try Dense(matMul: c), [c.node.inputs[0]]) }
            return (MatMul(), Array(c.node.inputs.prefix(2)))
        },
        "Flatten": { c, _ in (Flatten(axis: c.int("axis", default: 1)), [c.node.inputs[0]]) },
        "Reshape": { c, _ in
            guard let shapeName = c.input(1), let shape = c.constants.integers[shapeName] else {
                throw c.unsupported("the target shape must be a constant INT64 tensor")
            }
            return (Reshape(target: shape.values.map { Int($0) }, allowZero: c.int("allowzero", default: 0) != 0), [c.node.inputs[0]])
        },
        "Concat": { c, _ in (Concat(axis: c.int("axis", default: 0)), c.node.inputs.filter { !$0.isEmpty }) },
        "Softmax": { c, _ in
            (Softmax(axis: c.int("axis", default: c.opset >= 13 ? -1 : 1), flattensTrailingAxes: c.opset < 13), [c.node.inputs[0]])
        },
        "Dropout": { c, _ in
            if c.node.outputs.count > 1 && !c.node.outputs[1].isEmpty { throw c.unsupported("the mask output is not supported") }
            return (Identity(), [c.node.inputs[0]])
        },
        "Identity": { c, _ in (Identity(), [c.node.inputs[0]]) },
    ]

    private static func binary(_ kind: Binary.Kind) -> Builder {
        { c, _ in
            guard c.node.inputs.count == 2 else { throw ONNXError.invalidModel("\(c.node.label) needs two inputs") }
            return (Binary(kind: kind), c.node.inputs)
        }
    }

    static func hardSigmoid(_ c: NodeContext) -> Activation {
        .hardSigmoid(alpha: c.float("alpha", default: 0.2), beta: c.float("beta", default: 0.5))
    }

    /// The activation a node computes, when it is one that can be fused into a preceding Conv.
    static func fusableActivation(_ c: NodeContext) -> Activation? {
        switch c.node.opType {
        case "Relu": return .relu
        case "HardSwish": return .hardSwish
        case "HardSigmoid": return hardSigmoid(c)
        case "Clip": return try? Unary.clip(c)
        default: return nil
        }
    }
}
