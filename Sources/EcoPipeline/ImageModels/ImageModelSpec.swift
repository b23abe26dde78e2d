import EcoCore
import EcoImage
import Foundation

/// What an ONNX image model declares when it is registered (issue #18): what it predicts, the names of its
/// outputs, and how an image becomes its input. Kept as the model version's `parametersJSON`.
public struct ImageModelSpec: Codable, Sendable, Equatable {
    /// `classification`: one output row of class scores (probabilities or logits); `regression`: one row of named
    /// values; `embedding`: one feature vector per image (a backbone for transfer learning), labels optional.
    public enum Task: String, Codable, Sendable, CaseIterable { case classification, regression, embedding }

    public var task: Task
    /// Class names in output order (classification), the names of the regression outputs, or nothing (embedding).
    public var labels: [String]
    public var preprocessing: Preprocessing
    /// The graph's image input, filled in at registration.
    public var input: String
    /// True when the graph ends in Softmax (its output is already probabilities); else softmax is applied to
    /// a classifier's scores. Filled in at registration.
    public var outputsProbabilities: Bool

    /// `ModelVersion.algorithm` of every ONNX image model.
    public static let algorithm = "onnx"

    public init(task: Task, labels: [String], preprocessing: Preprocessing, input: String = "", outputsProbabilities: Bool = false) {
        self.task = task
        self.labels = labels
        self.preprocessing = preprocessing
        self.input = input
        self.outputsProbabilities = outputsProbabilities
    }

    /// Throws ``EcoError/invalidArgument(_:)`` naming the field to fix.
    public func validate() throws {
        guard task == .embedding || !labels.isEmpty, labels.count <= 10_000 else {
            throw EcoError.invalidArgument("labels must list 1–10,000 names: the classes in output order (or the regression outputs' names).")
        }
        guard labels.allSatisfy({ !$0.isEmpty && $0.count <= 128 }) else { throw EcoError.invalidArgument("every label must be 1–128 characters.") }
        guard Set(labels).count == labels.count else { throw EcoError.invalidArgument("labels must be distinct; \(labels) repeats a name.") }
        guard task == .regression || labels.count >= 2 else {
            throw EcoError.invalidArgument("a classifier needs at least 2 labels (one per output class).")
        }
        guard preprocessing.inputSize <= 4096 else { throw EcoError.invalidArgument("preprocessing.inputSize must be at most 4096 pixels.") }
        do { try preprocessing.validate() } catch { throw EcoError.invalidArgument(error.message) }
    }

    /// The spec as stored in `ModelVersion.parametersJSON`.
    public func json() -> String {
        (try? StableJSON.text(of: self)) ?? "{}"
    }

    /// Reads a stored spec back; nil when `version` is not an ONNX image model.
    public static func of(_ version: ModelVersion) -> ImageModelSpec? {
        guard version.algorithm == algorithm else { return nil }
        return try? JSONDecoder().decode(ImageModelSpec.self, from: Data(version.parametersJSON.utf8))
    }
}
