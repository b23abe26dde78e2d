/// ONNX Conv over NCHW (2-D), with groups, dilations, strides and explicit pads; a BatchNormalization that
/// followed it may be folded into its weights and an activation fused into its output at load.
struct Conv: Operator {
    let window: Window
    let groups: Int
    let inChannels: Int
    let outChannels: Int
    let bias: [Float]
    let activation: Activation
    /// Per group: the [outChannels/groups × inChannels/groups·kh·kw] weight matrix, packed for GEMM.
    let packed: [PackedWeights]
    /// Depthwise (groups == channels == outChannels): the raw [C × kh·kw] weights instead.
    let depthwiseWeights: [Float]?

    init(_ context: NodeContext, weights: Tensor, bias: [Float]?, activation: Activation) throws {
        window = try Window(context, kernel: Array(weights.shape.dropFirst(2)))
        guard weights.rank == 4 else { throw context.unsupported("weights of shape \(weights.shape) are not 2-D convolution weights") }
        groups = context.int("group", default: 1)
        outChannels = weights.shape[0]
        inChannels = weights.shape[1] * groups
        guard groups >= 1, outChannels % groups == 0, weights.shape[2] == window.kernel.h, weights.shape[3] == window.kernel.w else {
            throw ONNXError.invalidModel("\(context.node.label): weights \(weights.shape) do not fit group=\(groups) and kernel \(window.kernel)")
        }
        self.bias = bias ?? [Float](repeating: 0, count: outChannels)
        guard self.bias.count == outChannels else { throw ONNXError.invalidModel("\(context.node.label): bias has \(self.bias.count) values for \(outChannels) channels") }
        self.activation = activation
        let depth = weights.shape[1] * window.kernel.h * window.kernel.w
        if groups == inChannels && groups == outChannels {
            depthwiseWeights = weights.data
            packed = []
        } else {
            depthwiseWeights = nil
            let groupCount = groups, rowsPerGroup = outChannels / groups
            packed = weights.data.withUnsafeBufferPointer { w in
                (0..<groupCount).map { g in
                    PackedWeights(rows: rowsPerGroup, depth: depth, source: w.baseAddress! + g * rowsPerGroup * depth, rowStride: depth)
                }
            }
        }
    }

    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        let x = inputs[0]
        try expectRank(x, 4, "Conv")
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        guard c == inChannels else { throw ONNXError.shapeMismatch("Conv expects \(inChannels) input channels, got \(c) (shape \(x.shape))") }
        let (oh, ow) = window.output(height: h, width: w)
        guard oh > 0, ow > 0 else { throw ONNXError.shapeMismatch("Conv window \(window.kernel) does not fit an input of \(h)×\(w)") }
        var out = Tensor(uninitialized: [n, outChannels, oh, ow])  // GEMM and depthwise write every value
        let plane = oh * ow
        x.data.withUnsafeBufferPointer { xb in
            out.data.withUnsafeMutableBufferPointer { ob in
                let xp = xb.baseAddress!, op = ob.baseAddress!
                if let dw = depthwiseWeights {
                    depthwise(xp, op, n: n, h: h, w: w, oh: oh, ow: ow, weights: dw, threads: threads)
                    return
                }
                let cg = c / groups, mg = outChannels / groups
                let pointwise = window.kernel == (1, 1) && window.strides == (1, 1) && window.pads == (0, 0, 0, 0)
                let col = pointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: cg * window.kernel.h * window.kernel.w * plane)
                defer { col?.deallocate() }
                bias.withUnsafeBufferPointer { bb in
                    for image in 0..<n {
                        for g in 0..<groups {
                            let src = xp + (image * c + g * cg) * h * w
                            var b = UnsafePointer(src)
                            if let col {
                                ConvKernels.im2col(src, channels: cg, height: h, width: w, window: window, outH: oh, outW: ow, into: col)
                                b = UnsafePointer(col)
                            }
                            GEMM.multiply(
                                packed[g], b: b, ldb: plane, n: plane,
                                c: op + (image * outChannels + g * mg) * plane, ldc: plane,
                                bias: bb.baseAddress! + g * mg, activation: activation, threads: threads)
                        }
                    }
                }
            }
        }
        return out
    }

    private func depthwise(
        _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, n: Int, h: Int, w: Int, oh: Int, ow: Int,
        weights: [Float], threads: Int
    ) {
        let scratch = ConvKernels.PaddedPlane(height: h, width: w, window: window, outH: oh, outW: ow).scratch
        weights.withUnsafeBufferPointer { wb in
            bias.withUnsafeBufferPointer { bb in
                activation.dispatch(Depthwise(
                    x: x, out: out, weights: wb.baseAddress!, bias: bb.baseAddress!, planes: n * outChannels, channels: outChannels,
                    h: h, w: w, oh: oh, ow: ow, window: window, scratch: scratch, threads: threads))
            }
        }
    }

    /// The depthwise planes of one run, specialised for the fused activation.
    private struct Depthwise: EpilogueKernel {
        let x: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>
        let weights: UnsafePointer<Float>, bias: UnsafePointer<Float>
        let planes: Int, channels: Int, h: Int, w: Int, oh: Int, ow: Int
        let window: Window
        let scratch: Int
        let threads: Int

        func run<E: Epilogue>(_ epilogue: E) {
            let k = window.kernel.h * window.kernel.w, workers = Swift.max(1, Swift.min(threads, planes))
            let box = UncheckedBox(self)
            // One padded scratch plane per worker; worker i takes planes i, i + workers, …
            parallelFor(workers, threads: workers) { worker in
                let job = box.value
                let padded = UnsafeMutablePointer<Float>.allocate(capacity: job.scratch)
                padded.initialize(repeating: 0, count: job.scratch)  // the padding; each plane overwrites the rest
                defer { padded.deallocate() }
                for plane in stride(from: worker, to: job.planes, by: workers) {
                    let channel = plane % job.channels
                    ConvKernels.depthwise(
                        job.x + plane * job.h * job.w, height: job.h, width: job.w, weights: job.weights + channel * k, bias: job.bias[channel],
                        window: job.window, outH: job.oh, outW: job.ow, epilogue: epilogue, padded: padded, into: job.out + plane * job.oh * job.ow)
                }
            }
        }
    }
}
