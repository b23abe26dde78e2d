/// An element-wise activation applied where a result is stored (fused into Conv) or on its own.
enum Activation: Sendable, Equatable {
    case none
    case relu
    case clip(min: Float, max: Float)
    /// max(0, min(1, alpha·x + beta)) (ONNX HardSigmoid).
    case hardSigmoid(alpha: Float, beta: Float)
    /// x · max(0, min(1, x/6 + 1/2)) (ONNX HardSwish).
    case hardSwish

    /// The activation on 8 lanes, written with compares and selects so it inlines (the generic `clamped` does not).
    @inline(__always)
    func apply(_ v: SIMD8<Float>) -> SIMD8<Float> {
        switch self {
        case .none: return v
        case .relu: return v.replacing(with: 0, where: v .< 0)
        case .clip(let lo, let hi): return Self.clamp(v, lo, hi)
        case .hardSigmoid(let alpha, let beta): return Self.clamp(v * SIMD8(repeating: alpha) + SIMD8(repeating: beta), 0, 1)
        case .hardSwish: return v * Self.clamp(v * SIMD8(repeating: 1 / 6) + SIMD8(repeating: 0.5), 0, 1)
        }
    }

    /// The activation on 16 lanes (the AVX-512 GEMM tile): two 8-lane halves.
    @inline(__always)
    func apply(_ v: SIMD16<Float>) -> SIMD16<Float> {
        if self == .none { return v }
        return SIMD16(lowHalf: apply(v.lowHalf), highHalf: apply(v.highHalf))
    }

    @inline(__always)
    static func clamp(_ v: SIMD8<Float>, _ lo: Float, _ hi: Float) -> SIMD8<Float> {
        let raised = v.replacing(with: lo, where: v .< lo)
        return raised.replacing(with: hi, where: raised .> hi)
    }

    @inline(__always)
    func apply(_ x: Float) -> Float {
        switch self {
        case .none: return x
        case .relu: return x < 0 ? 0 : x
        case .clip(let lo, let hi): return Swift.min(Swift.max(x, lo), hi)
        case .hardSigmoid(let alpha, let beta): return Swift.min(Swift.max(alpha * x + beta, 0), 1)
        case .hardSwish: return x * Swift.min(Swift.max(x * Float(1.0 / 6.0) + 0.5, 0), 1)
        }
    }

    /// Applies the activation to `count` floats in place.
    func apply(_ p: UnsafeMutablePointer<Float>, count: Int) {
        if self == .none { return }
        var i = 0
        while i + 8 <= count {
            let raw = UnsafeMutableRawPointer(p + i)
            raw.storeBytes(of: apply(raw.loadUnaligned(as: SIMD8<Float>.self)), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { p[i] = apply(p[i]); i += 1 }
    }
}
