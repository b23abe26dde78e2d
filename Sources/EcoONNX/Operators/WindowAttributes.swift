extension Window {
    /// Reads kernel_shape (or the given kernel), strides, dilations, pads, ceil_mode and auto_pad of a 2-D
    /// Conv/pool node; throws the unsupported values (non-2-D windows, SAME_* auto padding).
    init(_ context: NodeContext, kernel given: [Int]? = nil) throws {
        var issues: [String] = []
        let kernel = context.ints("kernel_shape") ?? given ?? []
        if kernel.count != 2 { issues.append("kernel_shape \(kernel) is not 2-D (only 2-D windows over NCHW are supported)") }
        let autoPad = context.string("auto_pad", default: "NOTSET")
        if autoPad != "NOTSET" && autoPad != "VALID" {
            issues.append("auto_pad=\(autoPad) is not supported (export with explicit pads, auto_pad NOTSET)")
        }
        let strides = context.ints("strides") ?? [1, 1]
        let dilations = context.ints("dilations") ?? [1, 1]
        let pads = autoPad == "VALID" ? [0, 0, 0, 0] : (context.ints("pads") ?? [0, 0, 0, 0])
        if strides.count != 2 || strides.contains(where: { $0 < 1 }) { issues.append("strides \(strides) must be two positive numbers") }
        if dilations.count != 2 || dilations.contains(where: { $0 < 1 }) { issues.append("dilations \(dilations) must be two positive numbers") }
        if pads.count != 4 || pads.contains(where: { $0 < 0 }) { issues.append("pads \(pads) must be four non-negative numbers") }
        if !issues.isEmpty { throw ONNXError.unsupported(issues.map { "\(context.node.label): \($0)" }) }
        self.init(
            kernel: (kernel[0], kernel[1]), strides: (strides[0], strides[1]), dilations: (dilations[0], dilations[1]),
            pads: (pads[0], pads[1], pads[2], pads[3]), ceilMode: context.int("ceil_mode", default: 0) != 0)
    }
}
