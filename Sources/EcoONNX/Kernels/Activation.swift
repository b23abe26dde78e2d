/// An element-wise activation applied where a result is stored (fused into Conv) or on its own.
enum Activation: Sendable, Equatable {
    case none
    case relu
    case clip(min: Float, max: Float)
    /// max(0, min(1, alpha·x + beta)) (ONNX HardSigmoid).
    case hardSigmoid(alpha: Float, beta: Float)
    /// x · max(0, min(1, x/6 + 1/2)) (ONNX HardSwish).
    case hardSwish

    /// Calls `kernel.run` with this activation as an `Epilogue` type, so the kernel is specialised for it and
    /// applies it inline (a `switch` per stored vector, called out of line, cost ~7 % of MobileNetV3's time).
    @inline(__always)
    func dispatch<K: EpilogueKernel>(_ kernel: K) -> K.Result {
        switch self {
        case .none: return kernel.run(Epilogues.Identity())
        case .relu: return kernel.run(Epilogues.Relu())
        case .clip(let lo, let hi): return kernel.run(Epilogues.Clip(low: lo, high: hi))
        case .hardSigmoid(let alpha, let beta): return kernel.run(Epilogues.HardSigmoid(alpha: alpha, beta: beta))
        case .hardSwish: return kernel.run(Epilogues.HardSwish())
        }
    }

    /// Applies the activation to `count` floats in place.
    func apply(_ p: UnsafeMutablePointer<Float>, count: Int) {
        if self == .none { return }
        dispatch(InPlace(p: p, count: count))
    }

    private struct InPlace: EpilogueKernel {
        let p: UnsafeMutablePointer<Float>
        let count: Int

        func run<E: Epilogue>(_ e: E) {
            var i = 0
            while i + 8 <= count {
                let raw = UnsafeMutableRawPointer(p + i)
                raw.storeBytes(of: e.apply(raw.loadUnaligned(as: SIMD8<Float>.self)), as: SIMD8<Float>.self)
                i += 8
            }
            while i < count { p[i] = e.apply(p[i]); i += 1 }
        }
    }
}

/// A kernel generic over the activation it applies to its results (see `Activation.dispatch`).
protocol EpilogueKernel {
    associatedtype Result
    func run<E: Epilogue>(_ epilogue: E) -> Result
}

/// One activation as a type: applied to 8 lanes (written with compares and selects so it inlines; the generic
/// `clamped` does not), to 16 lanes (the AVX-512 GEMM tile, as two halves) and to one value.
protocol Epilogue {
    func apply(_ v: SIMD8<Float>) -> SIMD8<Float>
    func apply(_ x: Float) -> Float
}

extension Epilogue {
    @inline(__always)
    func apply(_ v: SIMD16<Float>) -> SIMD16<Float> { SIMD16(lowHalf: apply(v.lowHalf), highHalf: apply(v.highHalf)) }
}

/// The `Epilogue` of each `Activation` case.
enum Epilogues {
    struct Identity: Epilogue {
        @inline(__always) func apply(_ v: SIMD8<Float>) -> SIMD8<Float> { v }
        @inline(__always) func apply(_ x: Float) -> Float { x }
    }

    struct Relu: Epilogue {
        @inline(__always) func apply(_ v: SIMD8<Float>) -> SIMD8<Float> { v.replacing(with: 0, where: v .< 0) }
        @inline(__always) func apply(_ x: Float) -> Float { x < 0 ? 0 : x }
    }

    struct Clip: Epilogue {
        let low: Float, high: Float
        @inline(__always) func apply(_ v: SIMD8<Float>) -> SIMD8<Float> { Epilogues.clamp(v, low, high) }
        @inline(__always) func apply(_ x: Float) -> Float { Swift.min(Swift.max(x, low), high) }
    }

    struct HardSigmoid: Epilogue {
        let alpha: Float, beta: Float
        @inline(__always) func apply(_ v: SIMD8<Float>) -> SIMD8<Float> { Epilogues.clamp(v * SIMD8(repeating: alpha) + SIMD8(repeating: beta), 0, 1) }
        @inline(__always) func apply(_ x: Float) -> Float { Swift.min(Swift.max(alpha * x + beta, 0), 1) }
    }

    struct HardSwish: Epilogue {
        @inline(__always) func apply(_ v: SIMD8<Float>) -> SIMD8<Float> { v * Epilogues.clamp(v * SIMD8(repeating: 1 / 6) + SIMD8(repeating: 0.5), 0, 1) }
        @inline(__always) func apply(_ x: Float) -> Float { x * Swift.min(Swift.max(x * Float(1.0 / 6.0) + 0.5, 0), 1) }
    }

    @inline(__always)
    static func clamp(_ v: SIMD8<Float>, _ lo: Float, _ hi: Float) -> SIMD8<Float> {
        let raised = v.replacing(with: lo, where: v .< lo)
        return raised.replacing(with: hi, where: raised .> hi)
    }
}
