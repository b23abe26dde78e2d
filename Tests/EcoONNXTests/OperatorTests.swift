import EcoONNX
import Foundation
import Testing

/// Operators against values worked out by hand (the comments show the arithmetic).
struct OperatorTests {
    static let ones3x3 = TensorProto(name: "w", dims: [1, 1, 3, 3], floats: Array(repeating: 1, count: 9))

    // 4×4 input 0…15, 3×3 ones, stride 2, pads 1: windows cover rows/cols {0,1}, {1,2,3} →
    // 0+1+4+5 = 10, 1+2+3+5+6+7 = 24, 4+5+8+9+12+13 = 51, 5+6+7+9+10+11+13+14+15 = 90.
    @Test func convWithStrideAndPads() throws {
        let node = NodeProto("Conv", inputs: ["x", "w"], outputs: ["y"], attributes: [.ints("strides", [2, 2]), .ints("pads", [1, 1, 1, 1])])
        let y = try Graphs.run(node, ["x": Graphs.iota([1, 1, 4, 4])], constants: [Self.ones3x3])
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.data == [10, 24, 51, 90])
    }

    // 5×5 input x(r,c) = 5r + c, 2×2 ones with dilation 2 (taps at +0 and +2): x(i,j)+x(i,j+2)+x(i+2,j)+x(i+2,j+2) = 20i + 4j + 24.
    @Test func dilatedConv() throws {
        let w = TensorProto(name: "w", dims: [1, 1, 2, 2], floats: [1, 1, 1, 1])
        let node = NodeProto("Conv", inputs: ["x", "w"], outputs: ["y"], attributes: [.ints("dilations", [2, 2])])
        let y = try Graphs.run(node, ["x": Graphs.iota([1, 1, 5, 5])], constants: [w])
        #expect(y.shape == [1, 1, 3, 3])
        #expect(y.data == [24, 28, 32, 44, 48, 52, 64, 68, 72])
    }

    // Two groups of two channels, 1×1 kernels: [1,2]·[1,1] + 0.5 = 3.5 and [3,4]·[10,100] − 1 = 429.
    @Test func groupedConvWithBias() throws {
        let w = TensorProto(name: "w", dims: [2, 2, 1, 1], floats: [1, 1, 10, 100])
        let b = TensorProto(name: "b", dims: [2], floats: [0.5, -1])
        let node = NodeProto("Conv", inputs: ["x", "w", "b"], outputs: ["y"], attributes: [.int("group", 2)])
        let y = try Graphs.run(node, ["x": Tensor(shape: [1, 4, 1, 1], data: [1, 2, 3, 4])], constants: [w, b])
        #expect(y.data == [3.5, 429])
    }

    // Depthwise 3×3, pads 1, on 3×3 planes of ones: each output counts its in-bounds neighbours (corners 4,
    // edges 6, centre 9), times the channel's weight (1 and 2).
    @Test func depthwiseConvCountsPaddedNeighbours() throws {
        let w = TensorProto(name: "w", dims: [2, 1, 3, 3], floats: Array(repeating: 1, count: 9) + Array(repeating: 2, count: 9))
        let node = NodeProto("Conv", inputs: ["x", "w"], outputs: ["y"], attributes: [.int("group", 2), .ints("pads", [1, 1, 1, 1])])
        let y = try Graphs.run(node, ["x": Tensor(shape: [1, 2, 3, 3], data: Array(repeating: 1, count: 18))], constants: [w])
        let counts: [Float] = [4, 6, 4, 6, 9, 6, 4, 6, 4]
        #expect(y.data == counts + counts.map { $0 * 2 })
    }

    /// Depthwise geometries the full-size models do not all reach: stride 3 with dilation 2 and uneven pads, stride 2
    /// on odd widths of 16+ (the vector split into even and odd columns), rows that are and are not whole registers,
    /// plane heights that are not a multiple of 4, two images, a fused HardSwish.
    static let depthwiseCases: [(kernel: Int, stride: Int, dilation: Int, pads: [Int], h: Int, w: Int)] = [
        (3, 3, 2, [2, 1, 0, 3], 23, 37), (5, 2, 1, [2, 2, 2, 2], 20, 35), (3, 1, 1, [1, 1, 1, 1], 9, 16), (3, 2, 1, [0, 1, 1, 0], 7, 7),
    ]

    // The depthwise kernel against the same convolution run as a dense one (group 1, weights zero between different
    // channels: im2col and GEMM). Integer inputs and weights keep every sum exact, so the two must agree exactly.
    @Test(arguments: depthwiseCases)
    func depthwiseConvMatchesTheDenseConv(_ c: (kernel: Int, stride: Int, dilation: Int, pads: [Int], h: Int, w: Int)) throws {
        let channels = 3, k = c.kernel
        let weights = (0..<channels * k * k).map { Float($0 * 3 % 5) - 2 }
        var dense = [Float](repeating: 0, count: channels * channels * k * k)
        for o in 0..<channels { for t in 0..<k * k { dense[(o * channels + o) * k * k + t] = weights[o * k * k + t] } }
        let bias = TensorProto(name: "b", dims: [3], floats: [0.5, -1, 2])
        let x = Tensor(shape: [2, channels, c.h, c.w], data: (0..<2 * channels * c.h * c.w).map { Float($0 * 7 % 11) - 5 })
        func run(group: Int, _ w: TensorProto) throws -> Tensor {
            let attributes: [AttributeProto] = [.int("group", group), .ints("strides", [c.stride, c.stride]),
                                                .ints("dilations", [c.dilation, c.dilation]), .ints("pads", c.pads)]
            let conv = NodeProto("Conv", inputs: ["x", "w", "b"], outputs: ["c"], attributes: attributes)
            let model = try Graphs.model([conv, NodeProto("HardSwish", inputs: ["c"], outputs: ["y"])], inputs: ["x"], constants: [w, bias])
            return try #require(try model.run(["x": x])["y"])
        }
        let depthwise = try run(group: channels, TensorProto(name: "w", dims: [channels, 1, k, k], floats: weights))
        let reference = try run(group: 1, TensorProto(name: "w", dims: [channels, channels, k, k], floats: dense))
        #expect(depthwise.shape == reference.shape)
        #expect(depthwise.data == reference.data)
    }

    // A 1×1 conv (weight 2) then BN (scale 3, B 1, mean 2, var 4, ε 0) folded at load: (2x − 2)/2·3 + 1.
    @Test func batchNormFoldedIntoConvAndStandalone() throws {
        let bn = [TensorProto(name: "s", dims: [1], floats: [3]), TensorProto(name: "bb", dims: [1], floats: [1]),
                  TensorProto(name: "m", dims: [1], floats: [2]), TensorProto(name: "v", dims: [1], floats: [4])]
        let conv = NodeProto("Conv", inputs: ["x", "w"], outputs: ["c"])
        let norm = NodeProto("BatchNormalization", inputs: ["c", "s", "bb", "m", "v"], outputs: ["y"], attributes: [.float("epsilon", 0)])
        let x = Tensor(shape: [1, 1, 1, 2], data: [1, 3])
        let folded = try Graphs.model([conv, norm], inputs: ["x"], constants: [TensorProto(name: "w", dims: [1, 1, 1, 1], floats: [2])] + bn)
        #expect(try folded.run(x).first?.data == [1, 7])
        let alone = NodeProto("BatchNormalization", inputs: ["x", "s", "bb", "m", "v"], outputs: ["y"], attributes: [.float("epsilon", 0)])
        #expect(try Graphs.run(alone, ["x": x], constants: bn).data == [-0.5, 2.5])
    }

    // 4×4 input 0…15, 2×2 windows, stride 2, pads 1: windows cover rows/cols {0}, {1,2}, {3}.
    @Test func maxPoolWithPads() throws {
        let node = NodeProto("MaxPool", inputs: ["x"], outputs: ["y"], attributes: [.ints("kernel_shape", [2, 2]), .ints("strides", [2, 2]), .ints("pads", [1, 1, 1, 1])])
        let y = try Graphs.run(node, ["x": Graphs.iota([1, 1, 4, 4])])
        #expect(y.shape == [1, 1, 3, 3])
        #expect(y.data == [0, 2, 3, 8, 10, 11, 12, 14, 15])
    }

    // Same windows; sums 0, 3, 3, 12, 30, 18, 12, 27, 15 over 1, 2, 1, 2, 4, 2, 1, 2, 1 real cells, or over 4 with the padding.
    @Test(arguments: [false, true])
    func averagePoolWithPads(includePad: Bool) throws {
        let node = NodeProto("AveragePool", inputs: ["x"], outputs: ["y"], attributes: [
            .ints("kernel_shape", [2, 2]), .ints("strides", [2, 2]), .ints("pads", [1, 1, 1, 1]), .int("count_include_pad", includePad ? 1 : 0),
        ])
        let y = try Graphs.run(node, ["x": Graphs.iota([1, 1, 4, 4])])
        #expect(y.data == (includePad ? [0, 0.75, 0.75, 3, 7.5, 4.5, 3, 6.75, 3.75] : [0, 1.5, 3, 6, 7.5, 9, 12, 13.5, 15]))
    }

    // ceil_mode: a 5-wide input, kernel 2, stride 2 gives ceil(3/2)+1 = 3 windows, the last one [4] alone.
    @Test func maxPoolCeilMode() throws {
        let node = NodeProto("MaxPool", inputs: ["x"], outputs: ["y"], attributes: [.ints("kernel_shape", [1, 2]), .ints("strides", [1, 2]), .int("ceil_mode", 1)])
        let y = try Graphs.run(node, ["x": Graphs.iota([1, 1, 1, 5])])
        #expect(y.data == [1, 3, 4])
    }

    @Test func globalAveragePool() throws {
        let y = try Graphs.run(NodeProto("GlobalAveragePool", inputs: ["x"], outputs: ["y"]), ["x": Graphs.iota([1, 2, 2, 2])])
        #expect(y.shape == [1, 2, 1, 1])
        #expect(y.data == [1.5, 5.5])
    }

    @Test func broadcastingAddAndMul() throws {
        let add = NodeProto("Add", inputs: ["a", "b"], outputs: ["y"])
        // [2,3] + [3]: the row vector is added to both rows.
        #expect(try Graphs.run(add, ["a": Graphs.iota([2, 3]), "b": Tensor(shape: [3], data: [10, 20, 30])]).data == [10, 21, 32, 13, 24, 35])
        // [2,1] · [1,3]: an outer product.
        let mul = NodeProto("Mul", inputs: ["a", "b"], outputs: ["y"])
        let outer = try Graphs.run(mul, ["a": Tensor(shape: [2, 1], data: [1, 2]), "b": Tensor(shape: [1, 3], data: [3, 4, 5])])
        #expect(outer.shape == [2, 3])
        #expect(outer.data == [3, 4, 5, 6, 8, 10])
        // [1,2,1,1] · [1,2,2,2]: a per-channel gate (squeeze-excite), the smaller operand on the left.
        let gate = try Graphs.run(mul, ["a": Tensor(shape: [1, 2, 1, 1], data: [2, -1]), "b": Graphs.iota([1, 2, 2, 2])])
        #expect(gate.data == [0, 2, 4, 6, -4, -5, -6, -7])
        // Shapes that do not broadcast are a clear error.
        #expect(throws: ONNXError.self) { try Graphs.run(add, ["a": Graphs.iota([2, 3]), "b": Graphs.iota([2])]) }
    }

    @Test func clipFromAttributesAndFromInputs() throws {
        let x = Tensor(shape: [4], data: [-3, -0.5, 0.5, 9])
        let old = NodeProto("Clip", inputs: ["x"], outputs: ["y"], attributes: [.float("min", -1), .float("max", 6)])
        #expect(try Graphs.run(old, ["x": x], opset: 6).data == [-1, -0.5, 0.5, 6])
        let bounds = [TensorProto(name: "lo", dims: [], floats: [0]), TensorProto(name: "hi", dims: [], floats: [6])]
        let new = NodeProto("Clip", inputs: ["x", "lo", "hi"], outputs: ["y"])
        #expect(try Graphs.run(new, ["x": x], constants: bounds).data == [0, 0, 0.5, 6])
        let onlyMax = NodeProto("Clip", inputs: ["x", "", "hi"], outputs: ["y"])
        #expect(try Graphs.run(onlyMax, ["x": x], constants: bounds).data == [-3, -0.5, 0.5, 6])
    }

    // HardSigmoid(α=1/6, β=½) and HardSwish at −4, 0, 1.5, 4: gates 0, ½, ¾, 1.
    @Test func hardActivations() throws {
        let x = Tensor(shape: [4], data: [-4, 0, 1.5, 4])
        let sigmoid = NodeProto("HardSigmoid", inputs: ["x"], outputs: ["y"], attributes: [.float("alpha", 1.0 / 6), .float("beta", 0.5)])
        let gates = try Graphs.run(sigmoid, ["x": x]).data
        for (g, e) in zip(gates, [0, 0.5, 0.75, 1] as [Float]) { #expect(abs(g - e) < 1e-6) }
        let swish = try Graphs.run(NodeProto("HardSwish", inputs: ["x"], outputs: ["y"]), ["x": x]).data
        for (s, e) in zip(swish, [0, 0, 1.125, 4] as [Float]) { #expect(abs(s - e) < 1e-6) }
        #expect(try Graphs.run(NodeProto("Relu", inputs: ["x"], outputs: ["y"]), ["x": x]).data == [0, 0, 1.5, 4])
    }

    // Gemm with transB, alpha 2, beta 0.5: A = [[1,2,3],[4,5,6]], B = [[1,0,1],[0,1,0]] → A·Bᵀ = [[4,2],[10,5]].
    @Test func gemmWithTransposeAlphaBeta() throws {
        let b = TensorProto(name: "b", dims: [2, 3], floats: [1, 0, 1, 0, 1, 0])
        let c = TensorProto(name: "c", dims: [2], floats: [2, 4])
        let node = NodeProto("Gemm", inputs: ["a", "b", "c"], outputs: ["y"], attributes: [.int("transB", 1), .float("alpha", 2), .float("beta", 0.5)])
        let y = try Graphs.run(node, ["a": Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])], constants: [b, c])
        #expect(y.data == [9, 6, 21, 12])
    }

    @Test func softmaxAlongLastAxis() throws {
        let y = try Graphs.run(NodeProto("Softmax", inputs: ["x"], outputs: ["y"]), ["x": Tensor(shape: [1, 3], data: [1, 2, 3])]).data
        let e: [Float] = [1, 2, 3].map { Float(exp(Double($0))) }
        let sum = e.reduce(0, +)
        for (a, b) in zip(y, e.map { $0 / sum }) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func reshapeFlattenConcat() throws {
        let shape = TensorProto(name: "s", dims: [2], integers: [0, -1])
        let r = try Graphs.run(NodeProto("Reshape", inputs: ["x", "s"], outputs: ["y"]), ["x": Graphs.iota([2, 3, 2])], constants: [shape])
        #expect(r.shape == [2, 6])
        let f = try Graphs.run(NodeProto("Flatten", inputs: ["x"], outputs: ["y"], attributes: [.int("axis", 2)]), ["x": Graphs.iota([2, 3, 2])])
        #expect(f.shape == [6, 2])
        let cat = NodeProto("Concat", inputs: ["a", "b"], outputs: ["y"], attributes: [.int("axis", 1)])
        let c = try Graphs.run(cat, ["a": Graphs.iota([2, 1]), "b": Tensor(shape: [2, 2], data: [7, 8, 9, 10])])
        #expect(c.data == [0, 7, 8, 1, 9, 10])
    }
}
