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

    /// Floats of zeros after the padded plane, so the last row's 8-wide (stride 1) or 16-wide (stride 2) loads stay
    /// inside the scratch buffer.
    static let slack = 32

    /// Depthwise convolution of one plane: out = act(bias + Σ w[ky,kx]·in[window]), H×W → outH×outW.
    /// The plane is first copied into `padded` (zeros around it, `slack` zeros after it) so the inner loops need
    /// no bounds checks; rows of stride 1 or 2 are computed 8 outputs at a time in a register (stride 2 reads 16
    /// inputs and keeps the even lanes), the last partial group of a row stores only its valid lanes.
    static func depthwise(
        _ input: UnsafePointer<Float>, height: Int, width: Int, weights: UnsafePointer<Float>, bias: Float,
        window: Window, outH: Int, outW: Int, activation: Activation, padded: UnsafeMutablePointer<Float>,
        into out: UnsafeMutablePointer<Float>
    ) {
        let pw = paddedWidth(width: width, window: window, outW: outW), ph = paddedHeight(height: height, window: window, outH: outH)
        padded.initialize(repeating: 0, count: pw * ph + slack)
        for y in 0..<height {
            (padded + (y + window.pads.top) * pw + window.pads.left).update(from: input + y * width, count: width)
        }
        let (kh, kw) = window.kernel, (sy, sx) = window.strides, (dy, dx) = window.dilations
        for oy in 0..<outH {
            let row = out + oy * outW
            var ox = 0
            if sx <= 2 {
                while ox < outW {
                    var acc = SIMD8<Float>(repeating: bias)
                    for ky in 0..<kh {
                        let src = UnsafeRawPointer(padded + (oy * sy + ky * dy) * pw + ox * sx)
                        for kx in 0..<kw {
                            let w = SIMD8<Float>(repeating: weights[ky * kw + kx])
                            if sx == 1 {
                                acc.addProduct(w, src.loadUnaligned(fromByteOffset: kx * dx * 4, as: SIMD8<Float>.self))
                            } else {
                                acc.addProduct(w, src.loadUnaligned(fromByteOffset: kx * dx * 4, as: SIMD16<Float>.self).evenHalf)
                            }
                        }
                    }
                    acc = activation.apply(acc)
                    if ox + 8 <= outW {
                        UnsafeMutableRawPointer(row + ox).storeBytes(of: acc, as: SIMD8<Float>.self)
                    } else {
                        for lane in 0..<(outW - ox) { row[ox + lane] = acc[lane] }
                    }
                    ox += 8
                }
                continue
            }
            while ox < outW {
                var acc = bias
                for ky in 0..<kh {
                    let src = padded + (oy * sy + ky * dy) * pw + ox * sx
                    for kx in 0..<kw { acc += weights[ky * kw + kx] * src[kx * dx] }
                }
                row[ox] = acc
                ox += 1
            }
            activation.apply(row, count: outW)
        }
    }

    /// The zero-padded plane's width and height: wide enough for every window of the output.
    static func paddedWidth(width: Int, window: Window, outW: Int) -> Int {
        Swift.max(width + window.pads.left + window.pads.right, (outW - 1) * window.strides.w + (window.kernel.w - 1) * window.dilations.w + 1)
    }

    static func paddedHeight(height: Int, window: Window, outH: Int) -> Int {
        Swift.max(height + window.pads.top + window.pads.bottom, (outH - 1) * window.strides.h + (window.kernel.h - 1) * window.dilations.h + 1)
    }
}
