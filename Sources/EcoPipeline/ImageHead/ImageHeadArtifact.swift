import EcoCore
import EcoImage
import EcoML
import EcoStore
import Foundation

/// A trained image head as the model registry keeps it (algorithm `image-head`, the artefact's bytes are this as
/// JSON): the backbone it was trained on (an ONNX file in object storage, by SHA-256), where the embedding is read,
/// the preprocessing, the class names and the softmax classifier. Backbone + head together classify images.
public struct ImageHeadArtifact: Sendable, Equatable, Codable {
    /// `ModelVersion.algorithm` of every image head.
    public static let algorithm = "image-head"
    public static let format = "ecotrack-image-head/1"

    public var format: String
    public var backboneSHA256: String
    /// The registered ONNX image model it came from (`name@version`), when the backbone was given by name.
    public var backboneModel: String?
    /// The tensor read as the embedding (nil: the backbone's own output).
    public var embeddingOutput: String?
    public var preprocessing: Preprocessing
    /// Class names, in the classifier's order.
    public var classes: [String]
    public var classifier: SoftmaxClassifier

    public init(backboneSHA256: String, embeddingOutput: String?, preprocessing: Preprocessing, classes: [String], classifier: SoftmaxClassifier) {
        format = Self.format
        self.backboneSHA256 = backboneSHA256
        self.embeddingOutput = embeddingOutput
        self.preprocessing = preprocessing
        self.classes = classes
        self.classifier = classifier
    }

    public func bytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(self))
    }

    /// The head of a registered version. - Throws: ``EcoError/invalidArgument(_:)`` when `version` is not an image head.
    public init(_ version: ModelVersion) throws {
        guard version.algorithm == Self.algorithm else {
            throw EcoError.invalidArgument("Model \(version.name) version \(version.version) is a '\(version.algorithm)' model, not an image head.")
        }
        do { self = try JSONDecoder().decode(ImageHeadArtifact.self, from: Data(version.artifact)) } catch {
            throw EcoError.storage("the artefact of \(version.name) version \(version.version) is not a readable image head: \(error)")
        }
    }
}

/// Classifies images with a registered image head: the backbone's embedding, then the head's softmax.
public enum ImageHeadPrediction {
    /// Class name → probability, for each image (PNG or JPEG bytes).
    /// - Throws: ``EcoError`` when the backbone is missing from object storage, `ImageError` for an undecodable image.
    public static func predict(_ head: ImageHeadArtifact, images: [[UInt8]], objects: any ObjectStore,
                               embedders: EmbedderCache = .shared) async throws -> [[String: Double]] {
        let embedder = try await embedders.embedder(backbone: head.backboneSHA256, output: head.embeddingOutput,
                                                    preprocessing: head.preprocessing, objects: objects)
        return try images.map { image in
            let probabilities = head.classifier.probabilities(try embedder.embed(image))
            return Dictionary(uniqueKeysWithValues: zip(head.classes, probabilities))
        }
    }
}
