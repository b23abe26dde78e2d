import EcoCore
import EcoImage
import EcoML
import Foundation

/// The parameters of an `image-head` training job, checked when the job is submitted.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `dataset` | required | the dataset's name |
/// | `datasetVersion` | the latest | the version to train on |
/// | `backbone` | one of the two | a registered ONNX image model (`name`, `name@3`, `name@champion`): its file and preprocessing |
/// | `backboneSha256` | one of the two | SHA-256 of a backbone ONNX file in object storage (e.g. uploaded as an entry) |
/// | `embeddingOutput` | the graph's output | the tensor read as the embedding, e.g. a global-average-pool output |
/// | `preprocessing` | ImageNet 256 → 224, or the registered backbone's | `{inputSize, resizeSize, mean, std, channelOrder}` as the backbone expects |
/// | `epochs` | 10 | 1–10,000 |
/// | `optimizer` | adam | `adam` or `sgd` |
/// | `learningRate` | 0.01 | above 0, at most 10 |
/// | `batchSize` | 32 | 1–4,096 |
/// | `l2` | 0.0001 | weight penalty λ, ≥ 0 |
/// | `seed` | 0 | the per-epoch shuffles' seed |
struct ImageHeadParameters: Equatable {
    var dataset: String
    var datasetVersion: Int?
    /// The backbone file's SHA-256 (filled in from the registry when `backboneModel` is given).
    var backbone: String
    /// The registered ONNX image model named by `backbone`, if that is how the backbone was given.
    var backboneModel: String?
    var embeddingOutput: String?
    var preprocessing: Preprocessing
    var epochs: Int
    var options: SoftmaxTrainingOptions

    private struct Body: Decodable {
        var dataset: String?
        var datasetVersion: Int?
        var backboneSha256: String?
        var backbone: String?
        var embeddingOutput: String?
        var preprocessing: Preprocessing?
        var epochs: Int?
        var optimizer: String?
        var learningRate: Double?
        var batchSize: Int?
        var l2: Double?
        var seed: UInt64?
    }

    static let keys: Set<String> = ["dataset", "datasetVersion", "backbone", "backboneSha256", "embeddingOutput", "preprocessing", "epochs", "optimizer",
                                    "learningRate", "batchSize", "l2", "seed"]

    /// - Throws: ``EcoError/badRequest(_:)`` naming the parameter and a good value.
    init(_ parameters: JSONValue) throws {
        guard case let .object(fields) = parameters else {
            throw EcoError.badRequest("parameters must be an object: {\"dataset\": \"reef-debris\", \"backboneSha256\": \"…\", \"epochs\": 10}.")
        }
        if let unknown = fields.keys.filter({ !Self.keys.contains($0) }).sorted().first {
            throw EcoError.badRequest("parameters.\(unknown) is not a parameter of image-head jobs; use \(Self.keys.sorted().joined(separator: ", ")).")
        }
        let body: Body
        do { body = try JSONDecoder().decode(Body.self, from: Data(parameters.text.utf8)) } catch let DecodingError.typeMismatch(type, context),
            let DecodingError.valueNotFound(type, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw EcoError.badRequest("parameters.\(path) must be a \(type == String.self ? "string" : type == Preprocessing.self ? "preprocessing object" : "number") of the right kind.")
        } catch let DecodingError.keyNotFound(key, context) {
            let path = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw EcoError.badRequest("parameters.\(path) is required; preprocessing takes inputSize, resizeSize, mean, std and channelOrder (rgb or bgr).")
        } catch {
            throw EcoError.badRequest("image-head parameters are not valid: \(error).")
        }
        guard let dataset = body.dataset, !dataset.isEmpty else {
            throw EcoError.badRequest("parameters.dataset is required: the name of a dataset (POST /api/v1/datasets makes one).")
        }
        switch (body.backbone, body.backboneSha256) {
        case (nil, nil):
            throw EcoError.badRequest("parameters.backbone (a registered ONNX image model, e.g. 'ocean-backbone-mobilenet@2') or parameters.backboneSha256 (an ONNX file in object storage) is required.")
        case (_?, _?):
            throw EcoError.badRequest("Give parameters.backbone or parameters.backboneSha256, not both.")
        case (let model?, nil):
            guard !model.isEmpty else { throw EcoError.badRequest("parameters.backbone must name a registered ONNX image model.") }
            guard body.preprocessing == nil else {
                throw EcoError.badRequest("parameters.preprocessing goes with backboneSha256 only: a registered backbone declares its own.")
            }
        case (nil, _?): break
        }
        let backbone = body.backboneSha256 ?? ""
        guard body.backbone != nil || backbone.utf8.count == 64, backbone.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }) else {
            throw EcoError.badRequest("parameters.backboneSha256 must be 64 hexadecimal digits; got '\(backbone)'.")
        }
        if let version = body.datasetVersion, version < 1 { throw EcoError.badRequest("parameters.datasetVersion must be 1 or more.") }
        let preprocessing = body.preprocessing ?? .imageNet
        do { try preprocessing.validate() } catch { throw EcoError.badRequest("parameters.preprocessing: \(error.message)") }
        guard preprocessing.inputSize <= 1024 else { throw EcoError.badRequest("parameters.preprocessing.inputSize must be at most 1024.") }
        let epochs = body.epochs ?? 10
        guard (1...10_000).contains(epochs) else { throw EcoError.badRequest("parameters.epochs must be 1–10000; got \(epochs).") }
        guard let optimizer = SoftmaxTrainingOptions.Optimizer(rawValue: body.optimizer ?? "adam") else {
            throw EcoError.badRequest("parameters.optimizer must be adam or sgd; got '\(body.optimizer ?? "")'.")
        }
        let rate = body.learningRate ?? 0.01
        guard rate > 0, rate <= 10 else { throw EcoError.badRequest("parameters.learningRate must be above 0 and at most 10; got \(rate).") }
        let batch = body.batchSize ?? 32
        guard (1...4_096).contains(batch) else { throw EcoError.badRequest("parameters.batchSize must be 1–4096; got \(batch).") }
        let l2 = body.l2 ?? 1e-4
        guard l2 >= 0, l2.isFinite else { throw EcoError.badRequest("parameters.l2 must be 0 or more; got \(l2).") }
        self.dataset = dataset
        datasetVersion = body.datasetVersion
        self.backbone = backbone.lowercased()
        backboneModel = body.backbone
        embeddingOutput = body.embeddingOutput.flatMap { $0.isEmpty ? nil : $0 }
        self.preprocessing = preprocessing
        self.epochs = epochs
        options = SoftmaxTrainingOptions(optimizer: optimizer, learningRate: rate, batchSize: batch, l2: l2, seed: body.seed ?? 0)
    }
}
