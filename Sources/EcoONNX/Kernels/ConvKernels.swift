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
                            continue
                        }
                        var ox = xs.lowerBound
                        if window.strides.w == 2 {
                            // The even lanes of 16 inputs, while all 16 lie inside the row (input x = 2·ox − pad + offset).
                            while ox + 8 <= xs.upperBound && 2 * ox + 16 - window.pads.left + xOffset <= width {
                                let v = UnsafeRawPointer(src + 2 * ox).loadUnaligned(as: SIMD16<Float>.self)
                                UnsafeMutableRawPointer(dst + ox).storeBytes(of: v.evenHalf, as: SIMD8<Float>.self)
                                ox += 8
                            }
                        }
                        while ox < xs.upperBound {
                            dst[ox] = src[ox * window.strides.w]
                            ox += 1
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// Floats of zeros after the padded plane, so the last row's 8-wide loads stay inside the scratch buffer.
    static let slack = 32

    /// How a plane is laid out for `depthwise`: zero-padded to `width` × `height` (wide and tall enough for every
    /// window of the output), each padded row split into `strides.w` phases of `phase` floats (the columns
    /// c ≡ 0, 1, … mod stride, one phase after the other), `rowStride` floats a row.
    struct PaddedPlane {
        let width: Int, height: Int, phase: Int, rowStride: Int

        init(height h: Int, width w: Int, window: Window, outH: Int, outW: Int) {
            width = Swift.max(w + window.pads.left + window.pads.right, (outW - 1) * window.strides.w + (window.kernel.w - 1) * window.dilations.w + 1)
            height = Swift.max(h + window.pads.top + window.pads.bottom, (outH - 1) * window.strides.h + (window.kernel.h - 1) * window.dilations.h + 1)
            phase = (width + window.strides.w - 1) / window.strides.w
            rowStride = phase * window.strides.w
            stagingStride = (outW + 7) / 8 * 8
        }

        /// Output rows rounded up to whole registers, for a band of 4 rows staged before copying to the output.
        let stagingStride: Int

        /// Floats of scratch `depthwise` needs for one plane: the padded plane, `slack`, then the staging band.
        var scratch: Int { rowStride * height + ConvKernels.slack + 4 * stagingStride }

        /// Where padded column `column` of a row lies within the row.
        @inline(__always)
        func offset(column: Int, stride: Int) -> Int {
            stride == 1 ? column : stride == 2 ? (column & 1) * phase + column >> 1 : (column % stride) * phase + column / stride
        }
    }

    /// Depthwise convolution of one plane: out = act(bias + Σ w[ky,kx]·in[window]), H×W → outH×outW.
    /// The plane is first copied into `padded` (laid out as `PaddedPlane` says; the caller zeroes it once, as the
    /// same places are written for every plane of a layer and the rest stays zero): for any horizontal stride the
    /// inputs of consecutive outputs under one tap are then consecutive floats, so each tap is one 8-wide load
    /// and one fused multiply-add per 8 outputs, with no bounds checks. Outputs are computed in tiles of 8 columns
    /// × 4 rows: four independent sums (a single one waits on each multiply-add in turn, 25 times for a 5×5
    /// kernel), each broadcast weight used 4 times, and narrow planes (7 or 14 wide) waste few lanes. Taps are
    /// summed in the order ky, kx, as a scalar loop would.
    static func depthwise<E: Epilogue>(
        _ input: UnsafePointer<Float>, height: Int, width: Int, weights: UnsafePointer<Float>, bias: Float,
        window: Window, outH: Int, outW: Int, epilogue: E, padded: UnsafeMutablePointer<Float>,
        into out: UnsafeMutablePointer<Float>
    ) {
        let layout = PaddedPlane(height: height, width: width, window: window, outH: outH, outW: outW)
        let (sy, sx) = window.strides
        for y in 0..<height {
            let src = input + y * width, dst = padded + (y + window.pads.top) * layout.rowStride
            if sx == 1 {
                (dst + window.pads.left).update(from: src, count: width)
                continue
            }
            var x = 0
            if sx == 2 {
                // 16 inputs at a time: the even and odd ones go to consecutive places in their phases.
                while x + 16 <= width {
                    let v = UnsafeRawPointer(src + x).loadUnaligned(as: SIMD16<Float>.self)
                    let even = x + window.pads.left, odd = even + 1
                    UnsafeMutableRawPointer(dst + layout.offset(column: even, stride: 2)).storeBytes(of: v.evenHalf, as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(dst + layout.offset(column: odd, stride: 2)).storeBytes(of: v.oddHalf, as: SIMD8<Float>.self)
                    x += 16
                }
            }
            while x < width {
                dst[layout.offset(column: x + window.pads.left, stride: sx)] = src[x]
                x += 1
            }
        }
        let taps = window.kernel.h * window.kernel.w, staging = padded + layout.rowStride * layout.height + slack
        withUnsafeTemporaryAllocation(of: Int.self, capacity: taps) { offsets in
            for ky in 0..<window.kernel.h {
                for kx in 0..<window.kernel.w {
                    offsets[ky * window.kernel.w + kx] = ky * window.dilations.h * layout.rowStride
                        + layout.offset(column: kx * window.dilations.w, stride: sx)
                }
            }
            let offsets = UnsafePointer(offsets.baseAddress!)
            let start = SIMD8<Float>(repeating: bias), rowStep = sy * layout.rowStride * 4
            var oy = 0
            while oy < outH {
                // Rows past the last are computed again as the last row (and not kept), so loads stay in the plane.
                let rows = Swift.min(4, outH - oy)
                let p0 = UnsafeRawPointer(padded + oy * sy * layout.rowStride)
                let p1 = p0 + Swift.min(1, rows - 1) * rowStep, p2 = p0 + Swift.min(2, rows - 1) * rowStep, p3 = p0 + (rows - 1) * rowStep
                // Whole 8-lane stores only (storing some lanes of an activated vector makes the compiler compute each
                // lane alone): straight into the output when its rows are whole registers, else into the staging band.
                let direct = outW % 8 == 0
                let band = direct ? out + oy * outW : staging, bandStride = direct ? outW : layout.stagingStride
                var ox = 0
                while ox < outW {
                    var a0 = start, a1 = start, a2 = start, a3 = start
                    for t in 0..<taps {
                        let w = SIMD8<Float>(repeating: weights[t]), at = (offsets[t] + ox) * 4
                        a0.addProduct(w, p0.loadUnaligned(fromByteOffset: at, as: SIMD8<Float>.self))
                        a1.addProduct(w, p1.loadUnaligned(fromByteOffset: at, as: SIMD8<Float>.self))
                        a2.addProduct(w, p2.loadUnaligned(fromByteOffset: at, as: SIMD8<Float>.self))
                        a3.addProduct(w, p3.loadUnaligned(fromByteOffset: at, as: SIMD8<Float>.self))
                    }
                    let dst = UnsafeMutableRawPointer(band + ox), step = bandStride * 4
                    dst.storeBytes(of: epilogue.apply(a0), as: SIMD8<Float>.self)
                    if rows > 1 { dst.storeBytes(of: epilogue.apply(a1), toByteOffset: step, as: SIMD8<Float>.self) }
                    if rows > 2 { dst.storeBytes(of: epilogue.apply(a2), toByteOffset: 2 * step, as: SIMD8<Float>.self) }
                    if rows > 3 { dst.storeBytes(of: epilogue.apply(a3), toByteOffset: 3 * step, as: SIMD8<Float>.self) }
                    ox += 8
                }
                if !direct {
                    for r in 0..<rows { (out + (oy + r) * outW).update(from: staging + r * layout.stagingStride, count: outW) }
                }
                oy += 4
            }
        }
    }
}
