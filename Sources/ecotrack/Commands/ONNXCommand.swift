import ArgumentParser
import EcoONNX
import Foundation

/// `ecotrack onnx …`: look inside an ONNX image model and run it on a raw tensor (the parity check's entry point).
struct ONNXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onnx",
        abstract: "Inspect an ONNX model (inputs, outputs, operators, supported or not) or run it on a float32 tensor.",
        subcommands: [Inspect.self, Run.self]
    )

    static func load(_ path: String) throws -> ModelProto {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("No readable file at '\(path)'; expected an ONNX model (.onnx).")
        }
        do { return try ModelProto(serialized: [UInt8](data)) } catch { throw InputError("'\(path)': \(error)") }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a model's inputs, outputs and operators; exit 1 if EcoONNX cannot run it.")
        @Argument(help: "The .onnx file.") var model: String

        func run() throws {
            let inspection = ModelInspection(try ONNXCommand.load(model))
            func shape(_ info: ValueInfoProto) -> String {
                guard let dims = info.shape else { return "(shape not declared)" }
                return "[" + dims.map { $0.map(String.init) ?? "?" }.joined(separator: ",") + "]"
            }
            print("producer: \(inspection.producer.isEmpty ? "-" : inspection.producer), opset \(inspection.opset), \(inspection.parameterCount) parameters")
            for input in inspection.inputs { print("input  \(input.name) \(shape(input))") }
            for output in inspection.outputs { print("output \(output.name) \(shape(output))") }
            for op in inspection.operators {
                print("  \(op.opType.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(op.count).padding(toLength: 5, withPad: " ", startingAt: 0)) \(op.supported ? "supported" : "NOT SUPPORTED")")
            }
            if inspection.problems.isEmpty {
                print("EcoONNX can run this model.")
            } else {
                print("EcoONNX cannot run this model:")
                for problem in inspection.problems { print("  - \(problem)") }
                throw ExitCode(1)
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a single-input model on a raw little-endian float32 tensor; print the outputs as JSON.")
        @Argument(help: "The .onnx file.") var model: String
        @Option(help: "Raw float32 file (little-endian, row-major), e.g. an NCHW image batch.") var input: String
        @Option(help: "The input's shape, comma-separated, e.g. 1,3,224,224.") var shape: String
        @Option(help: "Cores to use.") var threads: Int = 1

        func run() throws {
            let dims = shape.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) > 0 }) else { throw InputError("--shape must be positive integers separated by commas, e.g. 1,3,224,224; got '\(shape)'.") }
            let shape = dims.map { $0! }
            guard let data = FileManager.default.contents(atPath: input) else { throw InputError("No readable file at '\(input)'; expected raw float32 values.") }
            let count = shape.reduce(1, *)
            guard data.count == count * 4 else {
                throw InputError("'\(input)' holds \(data.count) bytes; shape \(self.shape) needs \(count) float32 values (\(count * 4) bytes).")
            }
            let values = data.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) } }
            let started = Date()
            let compiled: ONNXModel
            do { compiled = try ONNXModel(try ONNXCommand.load(model)) } catch let error as ONNXError { throw InputError("\(error)") }
            let loaded = Date()
            let outputs: [Tensor]
            do { outputs = try compiled.run(Tensor(shape: shape, data: values), threads: threads) } catch let error as ONNXError { throw InputError("\(error)") }
            let finished = Date()
            var json = "{\"loadSeconds\":\(loaded.timeIntervalSince(started)),\"runSeconds\":\(finished.timeIntervalSince(loaded)),\"outputs\":["
            for (i, (info, tensor)) in zip(compiled.outputs, outputs).enumerated() {
                if i > 0 { json += "," }
                json += "{\"name\":\"\(info.name)\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data\":["
                json += tensor.data.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ",") + "]}"
            }
            print(json + "]}")
        }
    }
}
