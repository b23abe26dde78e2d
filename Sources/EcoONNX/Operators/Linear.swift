/// ONNX Gemm (Y = alpha·A'·B' + beta·C) and MatMul with a constant right operand: the weights are stored as
/// [outputs × depth] rows at load (transposed if needed, alpha folded in) and each output is a SIMD dot product.
struct Dense: Operator {
    let outputs: Int
    let depth: Int
    /// [outputs × depth], row-major.
    let weights: [Float]
    /// beta·C as [outputs] (broadcast over rows) or [rows × outputs]; empty when there is none.
    let bias: [Float]
    let transposeInput: Bool
    /// MatMul keeps the leading axes of its input (…, K) → (…, N); Gemm takes exactly [M, K].
    let keepsLeadingAxes: Bool

    /// Gemm: A runtime, B and the optional C constant.
    init(gemm context: NodeContext) throws {
        let b = try context.constant(1, role: "B")
        guard b.rank == 2 else { throw ONNXError.invalidModel("\(context.node.label): B must be 2-D, got \(b.shape)") }
        let transB = context.int("transB", default: 0) != 0
        let alpha = context.float("alpha", default: 1), beta = context.float("beta", default: 1)
        var c = try context.input(2).map { _ in try context.constant(2, role: "C").data } ?? []
        c = c.map { $0 * beta }
        try self.init(b: b, transposed: transB, alpha: alpha, bias: c, transposeInput: context.int("transA", default: 0) != 0, keepsLeadingAxes: false)
    }

    /// MatMul with a constant 2-D right operand.
    init(matMul context: NodeContext) throws {
        let b = try context.constant(1, role: "B")
        guard b.rank == 2 else { throw context.unsupported("MatMul with a \(b.rank)-D constant right operand is not supported") }
        try self.init(b: b, transposed: false, alpha: 1, bias: [], transposeInput: false, keepsLeadingAxes: true)
    }

    private init(b: Tensor, transposed: Bool, alpha: Float, bias: [Float], transposeInput: Bool, keepsLeadingAxes: Bool) throws {
        outputs = transposed ? b.shape[0] : b.shape[1]
        depth = transposed ? b.shape[1] : b.shape[0]
        if transposed {
            weights = alpha == 1 ? b.data : b.data.map { $0 * alpha }
        } else {
            let (n, k) = (outputs, depth)
            weights = [Float](unsafeUninitializedCapacity: n * k) { w, initialized in
                for o in 0..<n {
                    for i in 0..<k { w[o * k + i] = alpha * b.data[i * n + o] }
                }
                initialized = n * k
            }
        }
        self.bias = bias
        self.transposeInput = transposeInput
        self.keepsLeadingAxes = keepsLeadingAxes
    }

    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        var a = inputs[0]
        if transposeInput {
            try expectRank(a, 2, "Gemm")
            a = Tensor(shape: [a.shape[1], a.shape[0]], data: (0..<a.count).map { i in a.data[(i % a.shape[0]) * a.shape[1] + i / a.shape[0]] })
        }
        if !keepsLeadingAxes { try expectRank(a, 2, "Gemm") }
        guard a.rank >= 1, a.shape.last == depth else {
            throw ONNXError.shapeMismatch("\(keepsLeadingAxes ? "MatMul" : "Gemm") expects inputs with \(depth) features (last axis), got shape \(a.shape)")
        }
        let rows = a.count / depth
        guard bias.isEmpty || bias.count == 1 || bias.count == outputs || bias.count == rows * outputs else {
            throw ONNXError.shapeMismatch("Gemm's C of \(bias.count) values does not broadcast to [\(rows), \(outputs)]")
        }
        var out = [Float](repeating: 0, count: rows * outputs)
        a.data.withUnsafeBufferPointer { ap in weights.withUnsafeBufferPointer { wp in out.withUnsafeMutableBufferPointer { op in
            let box = UncheckedBox((ap.baseAddress!, wp.baseAddress!, op.baseAddress!))
            let chunk = 64, chunks = (outputs + chunk - 1) / chunk
            parallelFor(rows * chunks, threads: threads) { task in
                let (ap, wp, op) = box.value
                let r = task / chunks, start = (task % chunks) * chunk
                for o in start..<Swift.min(start + chunk, outputs) {
                    var v = Self.dot(ap + r * depth, wp + o * depth, count: depth)
                    if !bias.isEmpty { v += bias.count == 1 ? bias[0] : bias.count == outputs ? bias[o] : bias[r * outputs + o] }
                    op[r * outputs + o] = v
                }
            }
        } } }
        return Tensor(shape: keepsLeadingAxes ? a.shape.dropLast() + [outputs] : [rows, outputs], data: out)
    }

    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
        var i = 0
        while i + 32 <= count {
            s0.addProduct(rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self), ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
            s1.addProduct(rx.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self), ry.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self))
            s2.addProduct(rx.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD8<Float>.self), ry.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD8<Float>.self))
            s3.addProduct(rx.loadUnaligned(fromByteOffset: i * 4 + 96, as: SIMD8<Float>.self), ry.loadUnaligned(fromByteOffset: i * 4 + 96, as: SIMD8<Float>.self))
            i += 32
        }
        var sum = ((s0 + s1) + (s2 + s3)).sum()
        while i < count { sum += x[i] * y[i]; i += 1 }
        return sum
    }
}

/// MatMul of two runtime tensors: [..., M, K] · [..., K, N] with equal leading axes (or a 2-D right side).
struct MatMul: Operator {
    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        let a = inputs[0], b = inputs[1]
        guard a.rank >= 2, b.rank >= 2, a.shape.last == b.shape[b.rank - 2],
              b.rank == 2 || Array(a.shape.dropLast(2)) == Array(b.shape.dropLast(2)) else {
            throw ONNXError.shapeMismatch("MatMul cannot multiply shapes \(a.shape) and \(b.shape)")
        }
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1], n = b.shape[b.rank - 1]
        let batches = a.count / (m * k)
        var out = [Float](repeating: 0, count: batches * m * n)
        for batch in 0..<batches {
            let aBase = batch * m * k, bBase = b.rank == 2 ? 0 : batch * k * n, oBase = batch * m * n
            for i in 0..<m {
                for p in 0..<k {
                    let s = a.data[aBase + i * k + p]
                    for j in 0..<n { out[oBase + i * n + j] += s * b.data[bBase + p * n + j] }
                }
            }
        }
        return Tensor(shape: a.shape.dropLast(2) + [m, n], data: out)
    }
}
