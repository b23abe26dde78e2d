/// The geometry of a 2-D sliding window (Conv, MaxPool, AveragePool) over an H×W plane.
struct Window: Sendable, Equatable {
    var kernel: (h: Int, w: Int)
    var strides: (h: Int, w: Int) = (1, 1)
    var dilations: (h: Int, w: Int) = (1, 1)
    /// ONNX `pads` order for 2-D: top, left, bottom, right.
    var pads: (top: Int, left: Int, bottom: Int, right: Int) = (0, 0, 0, 0)
    var ceilMode = false

    static func == (a: Window, b: Window) -> Bool {
        a.kernel == b.kernel && a.strides == b.strides && a.dilations == b.dilations && a.pads == b.pads && a.ceilMode == b.ceilMode
    }

    /// Output size along one axis: floor (or ceil) of (in + pads − dilation·(k−1) − 1)/stride + 1, as in the ONNX
    /// operator docs; with ceil_mode a last window must start inside the input or the left padding.
    static func outputSize(input: Int, kernel: Int, stride: Int, dilation: Int, padBegin: Int, padEnd: Int, ceil: Bool) -> Int {
        let span = input + padBegin + padEnd - dilation * (kernel - 1) - 1
        guard span >= 0 else { return 0 }
        var out = (ceil ? (span + stride - 1) / stride : span / stride) + 1
        if ceil && (out - 1) * stride >= input + padBegin { out -= 1 }
        return out
    }

    func output(height: Int, width: Int) -> (h: Int, w: Int) {
        (Self.outputSize(input: height, kernel: kernel.h, stride: strides.h, dilation: dilations.h, padBegin: pads.top, padEnd: pads.bottom, ceil: ceilMode),
         Self.outputSize(input: width, kernel: kernel.w, stride: strides.w, dilation: dilations.w, padBegin: pads.left, padEnd: pads.right, ceil: ceilMode))
    }

    /// The output positions o in 0..<count whose input index o·stride − pad + offset lies in 0..<size.
    @inline(__always)
    static func validRange(count: Int, stride: Int, pad: Int, offset: Int, size: Int) -> Range<Int> {
        // o·stride ≥ pad − offset  and  o·stride ≤ size − 1 + pad − offset
        let lowNumerator = pad - offset
        let low = lowNumerator <= 0 ? 0 : (lowNumerator + stride - 1) / stride
        let highNumerator = size - 1 + pad - offset
        let high = highNumerator < 0 ? -1 : highNumerator / stride
        let lo = Swift.min(low, count), hi = Swift.min(high + 1, count)
        return lo..<Swift.max(lo, hi)
    }
}
