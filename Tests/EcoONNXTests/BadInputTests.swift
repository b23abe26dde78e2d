import EcoONNX
import Testing

/// Files that are not models, models EcoONNX cannot run, and inputs of the wrong shape: each a clear error.
struct BadInputTests {
    func loadError(_ bytes: [UInt8]) -> ONNXError? {
        do {
            _ = try ONNXModel(serialized: bytes)
            return nil
        } catch {
            return error as? ONNXError
        }
    }

    @Test func truncatedModelIsMalformed() throws {
        let bytes = try Fixture.bytes("resnet50_tiny.onnx")
        for cut in [bytes.count / 2, bytes.count - 1, 7] {
            let error = try #require(loadError(Array(bytes.prefix(cut))), "cut at \(cut)")
            guard case .malformedProtobuf(let detail) = error else { Issue.record("cut at \(cut): \(error)"); continue }
            #expect(detail.contains("past the end"), "\(detail)")
        }
    }

    @Test func garbageAndEmptyFilesAreMalformed() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let noise = (0..<4096).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        for bytes in [noise, Array("this is a JPEG, honest".utf8), []] {
            let error = try #require(loadError(bytes))
            guard case .malformedProtobuf = error else { Issue.record("\(error)"); continue }
            #expect(error.description.hasPrefix("not a readable ONNX model"))
        }
    }

    @Test func unsupportedOperatorsAreListedTogetherAtLoad() throws {
        let error = try #require(loadError(try Fixture.bytes("unsupported.onnx")))
        guard case .unsupported(let issues) = error else { Issue.record("\(error)"); return }
        #expect(issues.count == 3, "\(issues)")
        let text = error.description
        #expect(text.contains("operator Erf is not supported"))
        #expect(text.contains("operator LpNormalization is not supported"))
        #expect(text.contains("auto_pad=SAME_UPPER"))
    }

    @Test func wrongInputShapeIsRefusedBeforeComputing() throws {
        let model = try ONNXModel(serialized: try Fixture.bytes("resnet50_tiny.onnx"))
        for shape in [[1, 3, 31, 32], [1, 1, 32, 32], [3, 32, 32]] {
            #expect(throws: ONNXError.inputShape(input: "x", expected: [nil, 3, 32, 32], given: shape)) {
                try model.run(Tensor(zeros: shape))
            }
        }
        let message = ONNXError.inputShape(input: "x", expected: [nil, 3, 32, 32], given: [1, 3, 31, 32]).description
        #expect(message == "input 'x' expects shape [?,3,32,32] (? = any size) but was given [1,3,31,32]")
    }

    @Test func missingInputAndNonConstantWeightsAreClear() throws {
        let model = try ONNXModel(serialized: try Fixture.bytes("operator_mix.onnx"))
        #expect(throws: ONNXError.self) { try model.run(["not_x": Tensor(zeros: [1, 3, 17, 17])]) }
        // A Conv whose weights are a graph input cannot be prepared at load: refused then, not at prediction.
        let conv = NodeProto("Conv", inputs: ["x", "w"], outputs: ["y"])
        #expect(throws: ONNXError.self) { try Graphs.model([conv], inputs: ["x", "w"]) }
    }
}
