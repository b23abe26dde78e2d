import Foundation

/// One-input element-wise operators: Relu, Clip, HardSigmoid, HardSwish (via `Activation`), Sigmoid.
struct Unary: Operator {
    enum Kind: Sendable { case activation(Activation), sigmoid }
    let kind: Kind

    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        var x = inputs[0]
        x.data.withUnsafeMutableBufferPointer { p in
            switch kind {
            case .activation(let a): a.apply(p.baseAddress!, count: p.count)
            case .sigmoid: for i in p.indices { p[i] = 1 / (1 + exp(-p[i])) }
            }
        }
        return x
    }

    /// Clip's bounds: attributes min/max before opset 11, optional constant inputs 1 and 2 from opset 11.
    static func clip(_ context: NodeContext) throws -> Activation {
        if context.opset < 11 {
            return .clip(min: context.float("min", default: -.greatestFiniteMagnitude), max: context.float("max", default: .greatestFiniteMagnitude))
        }
        let low = try context.input(1).map { _ in try context.constant(1, role: "min") }
        let high = try context.input(2).map { _ in try context.constant(2, role: "max") }
        guard (low?.count ?? 1) == 1, (high?.count ?? 1) == 1 else { throw context.unsupported("min and max must be scalars") }
        return .clip(min: low?.data[0] ?? -.greatestFiniteMagnitude, max: high?.data[0] ?? .greatestFiniteMagnitude)
    }
}

/// Two-input element-wise arithmetic with numpy-style (multidirectional) broadcasting: Add, Sub, Mul, Div.
struct Binary: Operator {
    enum Kind: Sendable { case add, sub, mul, div }
    let kind: Kind

    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        let a = inputs[0], b = inputs[1]
        guard let shape = Broadcast.shape(a.shape, b.shape) else {
            throw ONNXError.shapeMismatch("shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        let plan = a.shape == b.shape ? nil : Broadcast(shape: shape, a: a.shape, b: b.shape)
        var out = Tensor(uninitialized: shape)  // every inner block is written
        a.data.withUnsafeBufferPointer { ap in b.data.withUnsafeBufferPointer { bp in out.data.withUnsafeMutableBufferPointer { op in
            let o = op.baseAddress!, x = ap.baseAddress!, y = bp.baseAddress!
            guard let plan else {
                combine(o, x, false, y, false, count: op.count)
                return
            }
            plan.forEachBlock { offset, aOffset, bOffset in
                combine(o + offset, x + aOffset, plan.innerMode == .aRepeats, y + bOffset, plan.innerMode == .bRepeats, count: plan.inner)
            }
        } } }
        return out
    }

    /// o[i] = x[i] ∘ y[i] for i < count, where an operand that `repeats` is the single value x[0] (or y[0]).
    private func combine(
        _ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ xRepeats: Bool, _ y: UnsafePointer<Float>, _ yRepeats: Bool, count: Int
    ) {
        switch kind {
        case .add: Self.loop(o, x, xRepeats, y, yRepeats, count, { $0 + $1 }, { $0 + $1 })
        case .sub: Self.loop(o, x, xRepeats, y, yRepeats, count, { $0 - $1 }, { $0 - $1 })
        case .mul: Self.loop(o, x, xRepeats, y, yRepeats, count, { $0 * $1 }, { $0 * $1 })
        case .div: Self.loop(o, x, xRepeats, y, yRepeats, count, { $0 / $1 }, { $0 / $1 })
        }
    }

    /// The loop of `combine` for one operation, 8 lanes at a time (`vector` and `scalar` compute the same).
    @inline(__always)
    private static func loop(
        _ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ xRepeats: Bool, _ y: UnsafePointer<Float>, _ yRepeats: Bool,
        _ count: Int, _ vector: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>, _ scalar: (Float, Float) -> Float
    ) {
        let xs = SIMD8<Float>(repeating: x[0]), ys = SIMD8<Float>(repeating: y[0])
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y), ro = UnsafeMutableRawPointer(o)
        var i = 0
        while i + 8 <= count {
            let u = xRepeats ? xs : rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let v = yRepeats ? ys : ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            ro.storeBytes(of: vector(u, v), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            o[i] = scalar(xRepeats ? x[0] : x[i], yRepeats ? y[0] : y[i])
            i += 1
        }
    }
}

/// How two shapes broadcast: a contiguous inner block (where both advance, or one repeats a single value)
/// and outer indices walked with per-operand strides (0 where an operand is broadcast).
struct Broadcast {
    enum InnerMode { case both, aRepeats, bRepeats }
    let outer: [Int]
    let aStrides: [Int]
    let bStrides: [Int]
    let inner: Int
    let innerMode: InnerMode

    /// The broadcast shape of two shapes (right-aligned; each pair equal or one of them 1), or nil.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = Swift.max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a, pb = Array(repeating: 1, count: rank - b.count) + b
        var out: [Int] = []
        for (x, y) in zip(pa, pb) {
            guard x == y || x == 1 || y == 1 else { return nil }
            out.append(x == 1 ? y : x)
        }
        return out
    }

    init(shape: [Int], a: [Int], b: [Int]) {
        let rank = shape.count
        let pa = Array(repeating: 1, count: rank - a.count) + a, pb = Array(repeating: 1, count: rank - b.count) + b
        func strides(_ dims: [Int]) -> [Int] {
            var s = [Int](repeating: 0, count: rank), step = 1
            for i in stride(from: rank - 1, through: 0, by: -1) {
                s[i] = dims[i] == 1 ? 0 : step
                step *= dims[i]
            }
            return s
        }
        // The longest suffix of axes (size-1 axes aside) in one mode gives the contiguous inner block.
        var mode: InnerMode?
        var split = rank
        for i in stride(from: rank - 1, through: 0, by: -1) where shape[i] != 1 {
            let m: InnerMode = pa[i] == pb[i] ? .both : (pa[i] == 1 ? .aRepeats : .bRepeats)
            if mode == nil { mode = m }
            if m != mode { break }
            split = i
        }
        innerMode = mode ?? .both
        inner = shape[split...].reduce(1, *)
        outer = Array(shape[..<split])
        aStrides = Array(strides(pa)[..<split])
        bStrides = Array(strides(pb)[..<split])
    }

    /// Calls `body(outputOffset, aOffset, bOffset)` for each inner block, in order.
    func forEachBlock(_ body: (Int, Int, Int) -> Void) {
        let count = outer.reduce(1, *)
        var index = [Int](repeating: 0, count: outer.count)
        var aOffset = 0, bOffset = 0
        for block in 0..<count {
            body(block * inner, aOffset, bOffset)
            var axis = outer.count - 1
            while axis >= 0 {
                index[axis] += 1
                aOffset += aStrides[axis]
                bOffset += bStrides[axis]
                if index[axis] < outer[axis] { break }
                aOffset -= aStrides[axis] * outer[axis]
                bOffset -= bStrides[axis] * outer[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
