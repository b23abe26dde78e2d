import EcoONNX
import EcoTestSupport
import Foundation
import Testing

/// The test-support writer (``ONNXWriter``) that other suites use to build small models: every committed fixture,
/// read, written back and read again, still matches onnxruntime — so what the writer produces is what EcoONNX reads.
struct ONNXWriterTests {
    @Test(arguments: try Fixture.cases)
    func aFixtureWrittenBackRunsAsTheOriginal(_ c: Fixture.Case) throws {
        let rewritten = ONNXWriter.bytes(of: try ModelProto(serialized: try Fixture.bytes(c.model)))
        let model = try ONNXModel(serialized: rewritten)
        let output = try #require(try model.run(Tensor(shape: c.inputShape, data: try Fixture.floats(c.input))).first)
        let (ok, worst) = ModelParityTests.withinTolerance(output.data, try Fixture.floats(c.output))
        #expect(output.shape == c.outputShape)
        #expect(ok, "\(c.name) rewritten: worst relative error \(worst)")
    }

    @Test func theTinyColourClassifierSeesColours() throws {
        let model = try ONNXModel(serialized: TinyImageModels.colourClassifier(inputSize: 4))
        var red = Tensor(zeros: [1, 3, 4, 4])
        for i in 0..<16 { red.data[i] = 1 }
        let probabilities = try #require(try model.run(red).first).data
        #expect(probabilities.count == 2 && probabilities[1] > 0.99)
        #expect(model.inputs.first?.shape == [nil, 3, 4, 4])
        #expect(throws: ONNXError.self) { try ONNXModel(serialized: TinyImageModels.withUnsupportedOperators()) }
    }
}
