/// The spatial kernels of convolution: im2col (lowering a window to a GEMM operand) and depthwise convolution.
enum ConvKernels {
    /// Writes the [channels·kh·kw × oh·ow] column matrix of one image's `channels` planes (H×W each).
    static func im2col(
        _ input: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
        window: Window, outH: Int, outW: Int, into col: UnsafeMutablePointer<Float>
    ) {
        let plane = outH * outW
        var row = 0
        for c in 0..<channels {
            let image = input + c * height * width
            for ky in 0..<window.kernel.h {
                let yOffset = ky * window.dilations.h
                let ys = Window.validRange(count: outH, stride: window.strides.h, pad: window.pads.top, offset: yOffset, size: height)
                for kx in 0..<window.kernel.w {
                    let xOffset = kx * window.dilations.w
                    let xs = Window.validRange(count: outW, stride: window.strides.w, pad: window.pads.left, offset: xOffset, size: width)
                    let out = col + row * plane
                    out.initialize(repeating: 0, count: plane)
                    for oy in ys {
                        let iy = oy * window.strides.h - window.pads.top + yOffset
                        let src = image + iy * width - window.pads.left + xOffset
                        let dst = out + oy * outW
                        if window.strides.w == 1 {
                            (dst + xs.lowerBound).update(from: src + xs.lowerBound, count: xs.count)
                        } else {
                            for ox in xs { dst[ox] = src[ox * window.strides.w] }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// Depthwise convolution of one plane: out = act(bias + Σ w[ky,kx]·in[window]), H×W → outH×outW.
    static func depthwise(
        _ input: UnsafePointer<Float>, height: Int, width: Int, weights: UnsafePointer<Float>, bias: Float,
        window: Window, outH: Int, outW: Int, activation: Activation, into out: UnsafeMutablePointer<Float>
    ) {
        out.initialize(repeating: bias, count: outH * outW)
        let sy = window.strides.h, sx = window.strides.w
        for ky in 0..<window.kernel.h {
            let yOffset = ky * window.dilations.h
            let ys = Window.validRange(count: outH, stride: sy, pad: window.pads.top, offset: yOffset, size: height)
            for kx in 0..<window.kernel.w {
                let xOffset = kx * window.dilations.w
                let xs = Window.validRange(count: outW, stride: sx, pad: window.pads.left, offset: xOffset, size: width)
                let w = weights[ky * window.kernel.w + kx]
                for oy in ys {
                    let src = input + (oy * sy - window.pads.top + yOffset) * width - window.pads.left + xOffset
                    let dst = out + oy * outW
                    if sx == 1 {
                        var ox = xs.lowerBound
                        let wv = SIMD8<Float>(repeating: w)
                        while ox + 8 <= xs.upperBound {
                            let d = UnsafeMutableRawPointer(dst + ox)
                            var acc = d.loadUnaligned(as: SIMD8<Float>.self)
                            acc.addProduct(wv, UnsafeRawPointer(src + ox).loadUnaligned(as: SIMD8<Float>.self))
                            d.storeBytes(of: acc, as: SIMD8<Float>.self)
                            ox += 8
                        }
                        while ox < xs.upperBound { dst[ox] += w * src[ox]; ox += 1 }
                    } else {
                        for ox in xs { dst[ox] += w * src[ox * sx] }
                    }
                }
            }
        }
        activation.apply(out, count: outH * outW)
    }
}
