import EcoCore
import EcoImage
import EcoONNX

/// The checks an ONNX file passes before it is registered as an image model (issue #18): it decodes, every
/// operator runs in EcoONNX (all the missing ones listed together), it has one image input of the declared
/// `[N, 3, inputSize, inputSize]` shape, and a trial run on a blank image gives one output row of as many
/// values as there are labels (an embedding model without labels: any number). Pure: bytes in, a compiled model out.
public enum ImageModelCheck {
    /// The compiled model and the spec completed with what the graph says (input name, whether it ends in Softmax).
    /// - Throws: ``ImageModelError`` saying what is wrong, or ``EcoError/invalidArgument(_:)`` for a bad spec.
    public static func compile(_ bytes: [UInt8], spec declared: ImageModelSpec) throws -> (model: ONNXModel, spec: ImageModelSpec) {
        try declared.validate()
        let proto: ModelProto
        do { proto = try ModelProto(serialized: bytes) } catch { throw ImageModelError.unreadableModel(error.description) }
        let model: ONNXModel
        do { model = try ONNXModel(proto) } catch let ONNXError.unsupported(issues) {
            throw ImageModelError.unsupportedOperators(issues)
        } catch { throw ImageModelError.unreadableModel("\(error)") }

        guard model.inputs.count == 1, let input = model.inputs.first else {
            throw ImageModelError.shapeMismatch("The model has \(model.inputs.count) inputs (\(model.inputs.map(\.name).joined(separator: ", "))); "
                + "an image model takes exactly one [N,3,H,W] image input")
        }
        let size = declared.preprocessing.inputSize
        let expected = "[N,3,\(size),\(size)] (preprocessing.inputSize \(size))"
        guard let shape = input.shape else {
            throw ImageModelError.shapeMismatch("Input '\(input.name)' declares no shape; export it with a fixed \(expected) input (a dynamic batch is fine)")
        }
        let shown = "[" + shape.map { $0.map(String.init) ?? "?" }.joined(separator: ",") + "]"
        guard shape.count == 4, shape[1] == 3, shape[2] == size, shape[3] == size else {
            throw ImageModelError.shapeMismatch("Input '\(input.name)' has shape \(shown) but the declared preprocessing makes \(expected); "
                + "declare the input size the model was exported with, or re-export it")
        }
        guard shape[0] == nil || shape[0] == 1 else {
            throw ImageModelError.shapeMismatch("Input '\(input.name)' has a fixed batch of \(shape[0]!) (\(shown)); export it with a dynamic or size-1 batch")
        }
        guard let output = model.outputs.first else { throw ImageModelError.unreadableModel("the graph has no output") }

        let trial: [Tensor]
        do { trial = try model.run(Tensor(zeros: [1, 3, size, size])) } catch {
            throw ImageModelError.shapeMismatch("Running the model on a blank \(size)×\(size) image failed: \(error)")
        }
        let produced = trial.first?.count ?? 0
        guard produced == declared.labels.count || (declared.task == .embedding && declared.labels.isEmpty && produced > 0) else {
            throw ImageModelError.shapeMismatch("Output '\(output.name)' gives \(produced) value(s) per image but \(declared.labels.count) label(s) were declared "
                + "(\(declared.labels.prefix(5).joined(separator: ", "))\(declared.labels.count > 5 ? ", …" : "")); give one label per output value")
        }
        var spec = declared
        spec.input = input.name
        spec.outputsProbabilities = proto.graph.nodes.contains { $0.opType == "Softmax" && $0.outputs.contains(output.name) }
        return (model, spec)
    }
}
