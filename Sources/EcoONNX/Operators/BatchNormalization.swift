/// ONNX BatchNormalization in inference mode: y = scale·(x − mean)/√(var + ε) + B per channel (axis 1).
/// Where it follows a Conv, the model folds it into the Conv's weights instead (see GraphRewrites).
struct BatchNormalization: Operator {
    /// y = x·multiplier + shift per channel.
    let multiplier: [Float]
    let shift: [Float]

    init(_ context: NodeContext) throws {
        if context.int("training_mode", default: 0) != 0 { throw context.unsupported("training_mode=1 is not supported (export in eval mode)") }
        if context.node.outputs.count > 1 && context.node.outputs.dropFirst().contains(where: { !$0.isEmpty }) {
            throw context.unsupported("running mean/variance outputs (training) are not supported")
        }
        let (m, s) = try Self.coefficients(context)
        multiplier = m
        shift = s
    }

    /// The per-channel multiplier and shift from scale, B, mean, var and epsilon.
    static func coefficients(_ context: NodeContext) throws -> ([Float], [Float]) {
        let scale = try context.constant(1, role: "scale"), bias = try context.constant(2, role: "B")
        let mean = try context.constant(3, role: "mean"), variance = try context.constant(4, role: "var")
        let epsilon = context.float("epsilon", default: 1e-5)
        let c = scale.count
        guard bias.count == c, mean.count == c, variance.count == c else {
            throw ONNXError.invalidModel("\(context.node.label): scale, B, mean and var must have one value per channel")
        }
        var multiplier = [Float](repeating: 0, count: c), shift = multiplier
        for i in 0..<c {
            let m = Double(scale.data[i]) / (Double(variance.data[i]) + Double(epsilon)).squareRoot()
            multiplier[i] = Float(m)
            shift[i] = Float(Double(bias.data[i]) - Double(mean.data[i]) * m)
        }
        return (multiplier, shift)
    }

    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        var x = inputs[0]
        guard x.rank >= 2, x.shape[1] == multiplier.count else {
            throw ONNXError.shapeMismatch("BatchNormalization has \(multiplier.count) channels, input shape is \(x.shape)")
        }
        let c = x.shape[1], inner = x.count / (x.shape[0] * c)
        x.data.withUnsafeMutableBufferPointer { p in
            for block in 0..<(x.shape[0] * c) {
                let m = multiplier[block % c], s = shift[block % c]
                for i in (block * inner)..<((block + 1) * inner) { p[i] = p[i] * m + s }
            }
        }
        return x
    }
}
