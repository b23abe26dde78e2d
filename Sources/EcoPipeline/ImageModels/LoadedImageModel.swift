import EcoCore
import EcoImage
import EcoONNX
import Foundation

/// A registered ONNX image model, compiled and ready to run: its registry entry (without the artefact bytes),
/// its declared spec, and the compiled graph.
public struct LoadedImageModel: Sendable {
    public let version: ModelVersion
    public let spec: ImageModelSpec
    public let model: ONNXModel

    public init(version: ModelVersion, spec: ImageModelSpec, model: ONNXModel) {
        self.version = version
        self.spec = spec
        self.model = model
    }

    /// `name@version`.
    public var reference: String { "\(version.name)@\(version.version)" }

    /// The raw output rows (one per image, as many values as labels) for decoded images, preprocessed as declared.
    /// Images run one at a time: inputs exported with a fixed batch of 1 work, and memory stays one image's worth.
    public func outputRows(_ images: [PixelImage], threads: Int = 1) throws -> [[Float]] {
        try images.map { image in
            let pixels: [Float]
            do { pixels = try spec.preprocessing.tensor(image) } catch { throw ImageModelError.unreadableImage("\(error)") }
            let size = spec.preprocessing.inputSize
            let outputs = try model.run([spec.input: Tensor(shape: [1, 3, size, size], data: pixels)], threads: threads)
            guard let first = model.outputs.first, let row = outputs[first.name] else {
                throw EcoError.internalFailure("Model \(reference) produced no output.")
            }
            return row.data
        }
    }

    /// Predictions for decoded images: class probabilities (the `topK` best first) or regression values.
    public func predict(_ images: [PixelImage], topK: Int = 5, threads: Int = 1) throws -> [ImagePrediction] {
        try outputRows(images, threads: threads).map { row in
            switch spec.task {
            case .regression:
                return ImagePrediction(values: Dictionary(uniqueKeysWithValues: zip(spec.labels, row.map(Double.init))))
            case .embedding:
                return ImagePrediction(embedding: row.map(Double.init))
            case .classification:
                let probabilities = spec.outputsProbabilities ? row.map(Double.init) : Self.softmax(row)
                return ImagePrediction(labels: spec.labels, probabilities: probabilities, topK: topK)
            }
        }
    }

    /// exp(x − max) / Σ exp(x − max), in Double.
    static func softmax(_ scores: [Float]) -> [Double] {
        let top = Double(scores.max() ?? 0)
        let exps = scores.map { Foundation.exp(Double($0) - top) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}

/// What a model says about one image: the most probable class and the `topK` classes with their
/// probabilities (classification), one value per declared output (regression), or a feature vector (embedding).
public struct ImagePrediction: Sendable, Equatable, Codable {
    public struct Scored: Sendable, Equatable, Codable {
        public var label: String
        public var probability: Double
    }

    /// The most probable class; nil for regression.
    public var label: String?
    /// The `topK` classes, most probable first; empty for regression.
    public var top: [Scored]
    /// Every class's probability (classification) — what an entry keeps.
    public var probabilities: [String: Double]
    /// Regression outputs by name; empty otherwise.
    public var values: [String: Double]
    /// The feature vector of an embedding model; nil otherwise.
    public var embedding: [Double]?

    public init(labels: [String], probabilities: [Double], topK: Int) {
        let ranked = zip(labels, probabilities).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        label = ranked.first?.0
        top = ranked.prefix(max(1, topK)).map { Scored(label: $0.0, probability: $0.1) }
        self.probabilities = Dictionary(uniqueKeysWithValues: zip(labels, probabilities))
        values = [:]
        embedding = nil
    }

    public init(values: [String: Double]) {
        label = nil
        top = []
        probabilities = [:]
        self.values = values
        embedding = nil
    }

    public init(embedding: [Double]) {
        label = nil
        top = []
        probabilities = [:]
        values = [:]
        self.embedding = embedding
    }
}
