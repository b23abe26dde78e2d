/// Image resizing with Pillow's bilinear filter, which antialiases: when shrinking, the triangle
/// filter's support widens with the scale so every source pixel contributes (what torchvision's
/// `Resize` does on PIL images).
///
/// To give the same pixels as Pillow (and so the same tensors as a PyTorch pipeline), the arithmetic
/// follows Pillow's: weights normalised to sum 1 in double precision, then 22-bit fixed point;
/// a horizontal pass rounded to 8 bits, then a vertical pass rounded to 8 bits.
public enum Resize {
    static let precisionBits = 22

    /// `image` resized to `width` x `height` (every channel, interleaved as it came).
    public static func bilinear(_ image: PixelImage, width: Int, height: Int) -> PixelImage {
        precondition(width > 0 && height > 0, "resize to \(width)x\(height)")
        var current = image
        if width != image.width { current = pass(current, outSize: width, horizontal: true) }
        if height != image.height { current = pass(current, outSize: height, horizontal: false) }
        return current
    }

    /// For each output position: the first input index and the fixed-point weights of its window.
    static func weights(inSize: Int, outSize: Int) -> [(start: Int, weights: [Int32])] {
        let scale = Double(inSize) / Double(outSize)
        let filterScale = max(scale, 1)
        let support = filterScale  // the triangle filter reaches 1 input pixel, widened by the scale
        return (0..<outSize).map { xx in
            let center = (Double(xx) + 0.5) * scale
            let start = max(Int(center - support + 0.5), 0)
            let end = min(Int(center + support + 0.5), inSize)
            var w = (start..<end).map { x in max(0, 1 - abs((Double(x) - center + 0.5) / filterScale)) }
            let total = w.reduce(0, +)
            if total != 0 { w = w.map { $0 / total } }
            let one = Double(1 << precisionBits)
            return (start, w.map { Int32($0 < 0 ? -0.5 + $0 * one : 0.5 + $0 * one) })
        }
    }

    static func pass(_ image: PixelImage, outSize: Int, horizontal: Bool) -> PixelImage {
        let inSize = horizontal ? image.width : image.height
        let table = weights(inSize: inSize, outSize: outSize)
        let ch = image.channels
        let outW = horizontal ? outSize : image.width, outH = horizontal ? image.height : outSize
        var out = [UInt8](repeating: 0, count: outW * outH * ch)
        let half = 1 << (precisionBits - 1)
        image.samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<outH {
                    for x in 0..<outW {
                        let (start, w) = table[horizontal ? x : y]
                        for c in 0..<ch {
                            var sum = half
                            for (k, weight) in w.enumerated() {
                                let i = horizontal ? (y * image.width + start + k) : ((start + k) * image.width + x)
                                sum += Int(src[i * ch + c]) * Int(weight)
                            }
                            dst[(y * outW + x) * ch + c] = UInt8(max(0, min(255, sum >> precisionBits)))
                        }
                    }
                }
            }
        }
        return PixelImage(width: outW, height: outH, channels: ch, samples: out)
    }
}
