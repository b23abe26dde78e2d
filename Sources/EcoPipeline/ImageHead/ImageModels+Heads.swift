import EcoCore
import EcoStore

extension ImageModels {
    /// What a prediction request ran: the registered version and its task, and one prediction per image.
    public struct Outcome: Sendable {
        public var version: ModelVersion
        public var task: String
        public var predictions: [ImagePrediction]
    }

    /// Predicts with the model `reference` names, whichever kind of image model it is: an ONNX image model, or an
    /// image head trained by the `image-head` job (its backbone's embedding, then its softmax).
    /// - Throws: what ``predict(_:images:topK:threads:)`` throws; ``ImageModelError/unreadableImage(_:)`` for an image a
    ///   head cannot read.
    public func predictAnyKind(_ reference: String, images: [[UInt8]], topK: Int = 5) async throws -> Outcome {
        let (name, parsed) = ModelReference.parse(reference)
        if let version = try await registry.model(named: name, parsed), version.algorithm == ImageHeadArtifact.algorithm {
            guard let objects else { throw ImageModelError.noObjectStorage }
            let head = try ImageHeadArtifact(version)
            var predictions: [ImagePrediction] = []
            for (index, image) in images.enumerated() {
                let probabilities: [String: Double]
                do {
                    probabilities = try await ImageHeadPrediction.predict(head, images: [image], objects: objects)[0]
                } catch let error as EcoError {
                    throw error
                } catch {
                    throw ImageModelError.unreadableImage(images.count == 1 ? "The image could not be decoded: \(error)."
                                                                            : "Image \(index + 1) could not be decoded: \(error).")
                }
                predictions.append(ImagePrediction(labels: head.classes, probabilities: head.classes.map { probabilities[$0] ?? 0 }, topK: topK))
            }
            var light = version
            light.artifact = []
            return Outcome(version: light, task: ImageModelSpec.Task.classification.rawValue, predictions: predictions)
        }
        let (loaded, predictions) = try await predict(reference, images: images, topK: topK)
        return Outcome(version: loaded.version, task: loaded.spec.task.rawValue, predictions: predictions)
    }
}
