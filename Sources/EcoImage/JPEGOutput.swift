/// One component's samples after dequantization and the inverse DCT: `stride * 8` wide, `rows * 8` high
/// (whole blocks); `width` x `height` of them lie inside the image.
struct JPEGPlane {
    let width: Int, height: Int
    let pitch: Int
    var samples: [UInt8]

    /// The 8x8 inverse DCT basis of T.81 A.3.3: `basis[x * 8 + u] = C(u) / 2 * cos((2x + 1) u π / 16)`.
    static let basis: [Float] = (0..<64).map { i in
        let x = Double(i / 8), u = Double(i % 8)
        let cu = u == 0 ? 1 / 2.0.squareRoot() : 1
        return Float(cu / 2 * cosine((2 * x + 1) * u * Double.pi / 16))
    }

    init(component c: JPEGComponent, quant: [UInt16]) {
        width = c.width
        height = c.height
        pitch = c.stride * 8
        samples = [UInt8](repeating: 0, count: pitch * c.rows * 8)
        let q = quant.map { Float($0) }
        let pitch = pitch
        var block = [Float](repeating: 0, count: 64), temp = [Float](repeating: 0, count: 64)
        JPEGPlane.basis.withUnsafeBufferPointer { basis in
            c.coefficients.withUnsafeBufferPointer { coefficients in
                samples.withUnsafeMutableBufferPointer { out in
                    // Only blocks that reach into the image are transformed.
                    for by in 0..<min(c.rows, c.blocksHigh) {
                        for bx in 0..<min(c.stride, c.blocksWide) {
                            let base = (by * c.stride + bx) * 64
                            for i in 0..<64 { block[i] = Float(coefficients[base + i]) * q[i] }
                            JPEGPlane.inverseDCT(&block, &temp, basis)
                            for y in 0..<8 {
                                for x in 0..<8 {
                                    // Level shift (+128), round half up, clamp (T.81 A.3.1).
                                    let v = Int(block[y * 8 + x] + 128.5)
                                    out[(by * 8 + y) * pitch + bx * 8 + x] = UInt8(truncatingIfNeeded: max(0, min(255, v)))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Separable 8x8 inverse DCT in place: rows into `temp`, then columns back into `block` (row-major y, x).
    static func inverseDCT(_ block: inout [Float], _ temp: inout [Float], _ basis: UnsafeBufferPointer<Float>) {
        for v in 0..<8 {
            var allZero = true
            for u in 1..<8 where block[v * 8 + u] != 0 { allZero = false; break }
            if allZero {
                let dc = block[v * 8] * basis[0]
                for x in 0..<8 { temp[v * 8 + x] = dc }
                continue
            }
            for x in 0..<8 {
                var sum: Float = 0
                for u in 0..<8 { sum += basis[x * 8 + u] * block[v * 8 + u] }
                temp[v * 8 + x] = sum
            }
        }
        for x in 0..<8 {
            for y in 0..<8 {
                var sum: Float = 0
                for v in 0..<8 { sum += basis[y * 8 + v] * temp[v * 8 + x] }
                block[y * 8 + x] = sum
            }
        }
    }

    /// The samples inside the image, row-major without padding.
    func cropped(width w: Int, height h: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w { out[y * w + x] = samples[y * pitch + x] } }
        return out
    }

    func at(_ x: Int, _ y: Int) -> Int { Int(samples[y * pitch + x]) }

    /// Upsampled to the full image by integral factors. 2x horizontal and/or vertical use libjpeg's
    /// "fancy" triangle filter (3/4 nearer sample + 1/4 farther one, with its rounding biases) so the
    /// result matches libjpeg/Pillow; other factors replicate samples, as libjpeg does.
    func upsampled(by fx: Int, _ fy: Int, width w: Int, height h: Int) -> [UInt8] {
        if fx == 1, fy == 1 { return cropped(width: w, height: h) }
        var out = [UInt8](repeating: 0, count: w * h)
        let lastX = width - 1, lastY = height - 1
        // Per output row: the vertical step as column sums (3 × nearer row + farther row, or 4 × the row).
        var colSum = [Int](repeating: 0, count: width)
        for y in 0..<h {
            let sy = min(y / fy, lastY)
            let farY = fy == 2 ? (y % 2 == 0 ? max(sy - 1, 0) : min(sy + 1, lastY)) : sy
            for x in 0..<width { colSum[x] = fy == 2 ? 3 * at(x, sy) + at(x, farY) : 4 * at(x, sy) }
            let row = y * w
            for x in 0..<w {
                let sx = min(x / fx, lastX)
                let this = colSum[sx]
                var value: Int
                if fx == 2, fy == 1 {
                    // libjpeg's h2v1: the edge samples are copied; biases 1 (left output) and 2 (right output).
                    if x % 2 == 0 {
                        value = sx == 0 ? this >> 2 : (3 * this + colSum[sx - 1] + 4) >> 4
                    } else {
                        value = sx == lastX ? this >> 2 : (3 * this + colSum[sx + 1] + 8) >> 4
                    }
                } else if fx == 2 {
                    // libjpeg's h2v2: biases 8 and 7 over the 16× weighted sum.
                    if x % 2 == 0 {
                        value = (sx == 0 ? this * 4 : 3 * this + colSum[sx - 1]) + 8
                    } else {
                        value = (sx == lastX ? this * 4 : 3 * this + colSum[sx + 1]) + 7
                    }
                    value >>= 4
                } else if fx == 1, fy == 2 {
                    value = (this + (y % 2 == 0 ? 1 : 2)) >> 2
                } else {
                    value = at(sx, sy)
                }
                out[row + x] = UInt8(value)
            }
        }
        return out
    }
}

func cosine(_ x: Double) -> Double {
    // Taylor series after range reduction; avoids importing Foundation into this pure target.
    var r = x.truncatingRemainder(dividingBy: 2 * Double.pi)
    if r > Double.pi { r -= 2 * Double.pi }
    if r < -Double.pi { r += 2 * Double.pi }
    var term = 1.0, sum = 1.0
    for n in 1...30 {
        term *= -r * r / Double((2 * n - 1) * (2 * n))
        sum += term
    }
    return sum
}

/// JFIF YCbCr → RGB (ITU-R BT.601 full range: R = Y + 1.402 Cr', G = Y − 0.34414 Cb' − 0.71414 Cr',
/// B = Y + 1.772 Cb'), in 16-bit fixed point with the rounding libjpeg uses, so results match it exactly.
enum JPEGColor {
    static func fix(_ x: Double) -> Int { Int(x * 65536 + 0.5) }
    static let half = 1 << 15
    static let crR: [Int] = (0..<256).map { (fix(1.40200) * ($0 - 128) + half) >> 16 }
    static let cbB: [Int] = (0..<256).map { (fix(1.77200) * ($0 - 128) + half) >> 16 }
    static let crG: [Int] = (0..<256).map { -fix(0.71414) * ($0 - 128) }
    static let cbG: [Int] = (0..<256).map { -fix(0.34414) * ($0 - 128) + half }

    static func clamp(_ v: Int) -> UInt8 { UInt8(max(0, min(255, v))) }

    static func ycbcrToRGB(_ y: [UInt8], _ cb: [UInt8], _ cr: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: y.count * 3)
        let crR = crR, cbB = cbB, crG = crG, cbG = cbG
        for i in 0..<y.count {
            let l = Int(y[i]), b = Int(cb[i]), r = Int(cr[i])
            out[3 * i] = clamp(l + crR[r])
            out[3 * i + 1] = clamp(l + ((cbG[b] + crG[r]) >> 16))
            out[3 * i + 2] = clamp(l + cbB[b])
        }
        return out
    }
}
