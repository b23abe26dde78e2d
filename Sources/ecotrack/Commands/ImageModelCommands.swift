import ArgumentParser
import EcoCore
import EcoPipeline
import Foundation

/// `ecotrack models register-onnx NAME FILE …`: registers an ONNX image model in the local registry, its file
/// in the configured object store (issue #18). The same checks as `POST /api/v1/models/{name}/versions`.
struct RegisterONNX: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register-onnx",
        abstract: "Register an ONNX image model (checked: operators, input shape, one output per label) as the next version of NAME.")

    @Argument(help: "Model name, e.g. ocean-plastic-mobilenet.") var name: String
    @Argument(help: "The .onnx file.") var file: String
    @Option(help: "classification, regression or embedding.") var task: String
    @Option(help: "Class names in output order (or regression output names), comma-separated; optional for embedding.") var labels: String?
    @Option(help: "Side of the model's square input, in pixels.") var inputSize: Int
    @Option(help: "Shorter side before the centre crop (default: input size).") var resizeSize: Int?
    @Option(help: "Per-channel mean, R,G,B (default ImageNet's 0.485,0.456,0.406).") var mean: String?
    @Option(help: "Per-channel std, R,G,B (default ImageNet's 0.229,0.224,0.225).") var std: String?
    @Option(help: "rgb or bgr.") var channelOrder: String?
    @Option(help: "Evaluation metrics as a JSON object, e.g. '{\"accuracy\": 0.91}'.") var metrics: String?
    @Option(help: "SQLite file of the local store.") var database: String?

    func run() async throws {
        let bytes = try CLIFiles.bytes(file, expecting: "an ONNX model (.onnx)")
        var flat = ["task": task, "inputSize": String(inputSize)]
        flat["labels"] = labels
        flat["resizeSize"] = resizeSize.map(String.init)
        flat["mean"] = mean
        flat["std"] = std
        flat["channelOrder"] = channelOrder
        flat["metrics"] = metrics
        try await withPlatform(database: database) { platform in
            do {
                let declaration = try ImageModelDeclaration(flat: flat)
                let version = try await platform.imageModels.register(name: name, spec: try declaration.spec(), onnx: bytes,
                                                                      metricsJSON: try declaration.metricsJSON())
                print("registered \(version.name)@\(version.version) (artefact \(version.artifactKey ?? "-"))")
            } catch let error as ImageModelError {
                throw InputError(error.description)
            } catch let error as EcoError {
                throw InputError(error.message)
            }
        }
    }
}

/// `ecotrack predict-image MODEL FILE…`: classifies (or regresses) image files with a registered ONNX image model
/// of the local registry; prints one JSON object per file.
struct PredictImage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict-image",
        abstract: "Predict with a registered ONNX image model (NAME, NAME@VERSION or NAME@ALIAS) on JPEG/PNG files; one JSON line per file.")

    @Argument(help: "NAME, NAME@VERSION or NAME@ALIAS (default: the Production version, else the newest).") var model: String
    @Argument(help: "JPEG or PNG files.") var files: [String]
    @Option(help: "Classes listed per image, most probable first.") var top: Int = 5
    @Option(help: "Threads per image.") var threads: Int = 1
    @Option(help: "SQLite file of the local store.") var database: String?

    func run() async throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one image file.") }
        guard (1...1000).contains(top) else { throw ValidationError("--top must be 1–1000.") }
        try await withPlatform(database: database, readOnly: true) { platform in
            var failed = 0
            for file in files {
                do {
                    let bytes = try CLIFiles.bytes(file, expecting: "a JPEG or PNG image")
                    let (loaded, predictions) = try await platform.imageModels.predict(model, images: [bytes], topK: top, threads: max(1, threads))
                    let line: [String: JSONValue] = [
                        "file": .string(file), "model": .string(loaded.reference),
                        "prediction": JSONValue.parse(try StableJSON.text(of: predictions[0])) ?? .null,
                    ]
                    print(try StableJSON.text(of: JSONValue.object(line)))
                } catch let error as ImageModelError {
                    failed += 1
                    FileHandle.standardError.write(Data("\(file): \(error.description)\n".utf8))
                } catch let error as InputError {
                    failed += 1
                    FileHandle.standardError.write(Data("\(file): \(error.description)\n".utf8))
                } catch let error as EcoError {
                    throw InputError(error.message)
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
