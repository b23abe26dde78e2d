/// ONNX MaxPool and AveragePool over NCHW (2-D windows, explicit pads, ceil_mode, count_include_pad).
struct Pool: Operator {
    enum Kind: Sendable { case max, average(countIncludePad: Bool) }
    let kind: Kind
    let window: Window

    init(_ context: NodeContext, kind: Kind) throws {
        var issues: [String] = []
        do { window = try Window(context) } catch let ONNXError.unsupported(found) { issues += found; window = Window(kernel: (1, 1)) }
        if case .max = kind {
            if context.int("storage_order", default: 0) != 0 { issues.append("\(context.node.label): storage_order=1 is not supported") }
            if context.node.outputs.count > 1 && !context.node.outputs[1].isEmpty {
                issues.append("\(context.node.label): the Indices output is not supported")
            }
        } else if window.dilations != (1, 1) {
            issues.append("\(context.node.label): dilated AveragePool is not supported")
        }
        if !issues.isEmpty { throw ONNXError.unsupported(issues) }
        self.kind = kind
    }

    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        let x = inputs[0]
        try expectRank(x, 4, "pooling")
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = window.output(height: h, width: w)
        guard oh > 0, ow > 0 else { throw ONNXError.shapeMismatch("pooling window \(window.kernel) does not fit an input of \(h)×\(w)") }
        var out = Tensor(zeros: [n, c, oh, ow])
        x.data.withUnsafeBufferPointer { xb in
            out.data.withUnsafeMutableBufferPointer { ob in
                let box = UncheckedBox((xb.baseAddress!, ob.baseAddress!))
                parallelFor(n * c, threads: threads) { plane in
                    let (xp, op) = box.value
                    pool(xp + plane * h * w, h: h, w: w, into: op + plane * oh * ow, oh: oh, ow: ow)
                }
            }
        }
        return out
    }

    private func pool(_ x: UnsafePointer<Float>, h: Int, w: Int, into out: UnsafeMutablePointer<Float>, oh: Int, ow: Int) {
        let wd = window
        for oy in 0..<oh {
            let y0 = oy * wd.strides.h - wd.pads.top
            for ox in 0..<ow {
                let x0 = ox * wd.strides.w - wd.pads.left
                var best = -Float.infinity, sum: Float = 0, valid = 0, padded = 0
                for ky in 0..<wd.kernel.h {
                    let y = y0 + ky * wd.dilations.h
                    for kx in 0..<wd.kernel.w {
                        let xx = x0 + kx * wd.dilations.w
                        if y >= -wd.pads.top && y < h + wd.pads.bottom && xx >= -wd.pads.left && xx < w + wd.pads.right { padded += 1 }
                        guard y >= 0, y < h, xx >= 0, xx < w else { continue }
                        let v = x[y * w + xx]
                        best = Swift.max(best, v)
                        sum += v
                        valid += 1
                    }
                }
                switch kind {
                case .max: out[oy * ow + ox] = best
                case .average(let includePad): out[oy * ow + ox] = sum / Float(includePad ? padded : Swift.max(valid, 1))
                }
            }
        }
    }
}

/// ONNX GlobalAveragePool and GlobalMaxPool: one value per (image, channel) plane, shape [N, C, 1, 1].
struct GlobalPool: Operator {
    let isMax: Bool

    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        let x = inputs[0]
        guard x.rank >= 3 else { throw ONNXError.shapeMismatch("global pooling expects N, C and spatial axes, got shape \(x.shape)") }
        let planes = x.shape[0] * x.shape[1], size = x.count / Swift.max(planes, 1)
        var out = [Float](repeating: 0, count: planes)
        x.data.withUnsafeBufferPointer { xb in
            for p in 0..<planes {
                let plane = xb.baseAddress! + p * size
                out[p] = isMax ? Self.maximum(plane, count: size) : Self.sum(plane, count: size) / Float(size)
            }
        }
        return Tensor(shape: [x.shape[0], x.shape[1]] + Array(repeating: 1, count: x.rank - 2), data: out)
    }

    /// Σ p[0..<count], 8 lanes at a time (then the lanes and the tail added).
    static func sum(_ p: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>(), i = 0
        while i + 8 <= count { lanes += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self); i += 8 }
        var total = lanes.sum()
        while i < count { total += p[i]; i += 1 }
        return total
    }

    /// max p[0..<count] (0 for an empty plane), 8 lanes at a time.
    static func maximum(_ p: UnsafePointer<Float>, count: Int) -> Float {
        guard count > 0 else { return 0 }
        var lanes = SIMD8<Float>(repeating: p[0]), i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
            lanes.replace(with: v, where: v .> lanes)  // a vector max (the generic pointwiseMax compiles lane by lane)
            i += 8
        }
        var best = lanes.max()
        while i < count { best = Swift.max(best, p[i]); i += 1 }
        return best
    }
}
