import EcoONNX
import Foundation
import Testing

/// The tiny variants of the five seed architectures (and a mix of the remaining operators) against
/// onnxruntime's outputs recorded by scripts/reference/onnx_models.py.
///
/// Tolerance, per element: |ours − ort| ≤ 1e-4 · max(|ort|, 1e-2 · max|ort|), i.e. 1e-4 relative, with
/// elements far below the output's own scale (where a relative error means nothing) held to 1e-6 of that scale.
struct ModelParityTests {
    static func withinTolerance(_ ours: [Float], _ reference: [Float]) -> (ok: Bool, worst: Double) {
        let scale = reference.map { abs(Double($0)) }.max() ?? 0
        var ok = ours.count == reference.count, worst = 0.0
        for (a, b) in zip(ours, reference) {
            let allowed = max(abs(Double(b)), 1e-2 * scale)
            let relative = allowed == 0 ? abs(Double(a)) : abs(Double(a) - Double(b)) / allowed
            worst = max(worst, relative)
            if !(relative <= 1e-4) { ok = false }
        }
        return (ok, worst)
    }

    @Test(arguments: try Fixture.cases)
    func matchesOnnxRuntime(_ c: Fixture.Case) throws {
        let model = try ONNXModel(serialized: try Fixture.bytes(c.model))
        let input = Tensor(shape: c.inputShape, data: try Fixture.floats(c.input))
        let expected = try Fixture.floats(c.output)
        for threads in [1, 2] {
            let output = try #require(try model.run(input, threads: threads).first)
            #expect(output.shape == c.outputShape)
            let (ok, worst) = Self.withinTolerance(output.data, expected)
            #expect(ok, "\(c.name) with \(threads) thread(s): worst relative error \(worst)")
        }
    }

    @Test func toleranceCheckCanFail() {
        #expect(Self.withinTolerance([1.0002, 2], [1, 2]).ok == false)
        #expect(Self.withinTolerance([1.00005, 2], [1, 2]).ok)
    }
}
