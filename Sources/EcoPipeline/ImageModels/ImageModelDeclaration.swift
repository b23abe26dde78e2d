import EcoCore
import EcoImage
import Foundation

/// What a client declares when it registers an ONNX image model (HTTP metadata part, query string, or the
/// CLI's flags), with the documented defaults filled in by ``spec()``:
///
///     {"task": "classification", "labels": ["clear", "light_plastic", "heavy_plastic"],
///      "preprocessing": {"inputSize": 224, "resizeSize": 256, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
///                        "channelOrder": "rgb"},
///      "metrics": {"accuracy": 0.91}}
public struct ImageModelDeclaration: Decodable, Sendable {
    public var task: ImageModelSpec.Task?
    public var labels: [String]?
    public var preprocessing: PreprocessingDeclaration?
    /// Evaluation metrics to keep with the version (a JSON object).
    public var metrics: JSONValue?

    /// Preprocessing with defaults: `resizeSize` = `inputSize` (no crop margin), ImageNet `mean`/`std`, `rgb`.
    public struct PreprocessingDeclaration: Decodable, Sendable {
        public var inputSize: Int?
        public var resizeSize: Int?
        public var mean: [Float]?
        public var std: [Float]?
        public var channelOrder: Preprocessing.ChannelOrder?

        public init(inputSize: Int? = nil, resizeSize: Int? = nil, mean: [Float]? = nil, std: [Float]? = nil, channelOrder: Preprocessing.ChannelOrder? = nil) {
            self.inputSize = inputSize
            self.resizeSize = resizeSize
            self.mean = mean
            self.std = std
            self.channelOrder = channelOrder
        }
    }

    public init(task: ImageModelSpec.Task?, labels: [String]?, preprocessing: PreprocessingDeclaration?, metrics: JSONValue? = nil) {
        self.task = task
        self.labels = labels
        self.preprocessing = preprocessing
        self.metrics = metrics
    }

    /// Reads the flat form of a query string or CLI: `task`, `labels` (comma-separated), `inputSize`, `resizeSize`,
    /// `mean` and `std` (three comma-separated numbers each), `channelOrder`.
    /// - Throws: ``EcoError/invalidArgument(_:)`` naming the parameter that does not parse.
    public init(flat values: [String: String]) throws {
        func numbers(_ key: String) throws -> [Float]? {
            guard let text = values[key], !text.isEmpty else { return nil }
            let parsed = text.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard parsed.allSatisfy({ $0 != nil }) else { throw EcoError.invalidArgument("\(key) must be comma-separated numbers, e.g. 0.485,0.456,0.406; got '\(text)'.") }
            return parsed.compactMap { $0 }
        }
        func integer(_ key: String) throws -> Int? {
            guard let text = values[key], !text.isEmpty else { return nil }
            guard let value = Int(text) else { throw EcoError.invalidArgument("\(key) must be a whole number of pixels; got '\(text)'.") }
            return value
        }
        if let text = values["task"], !text.isEmpty {
            guard let task = ImageModelSpec.Task(rawValue: text) else {
                throw EcoError.invalidArgument("task must be classification, regression or embedding; got '\(text)'.")
            }
            self.task = task
        }
        labels = values["labels"].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if let text = values["metrics"], !text.isEmpty {
            guard let parsed = JSONValue.parse(text) else { throw EcoError.invalidArgument("metrics must be a JSON object, e.g. {\"accuracy\": 0.91}.") }
            metrics = parsed
        }
        var order: Preprocessing.ChannelOrder?
        if let text = values["channelOrder"], !text.isEmpty {
            guard let parsed = Preprocessing.ChannelOrder(rawValue: text.lowercased()) else {
                throw EcoError.invalidArgument("channelOrder must be rgb or bgr; got '\(text)'.")
            }
            order = parsed
        }
        preprocessing = PreprocessingDeclaration(inputSize: try integer("inputSize"), resizeSize: try integer("resizeSize"), mean: try numbers("mean"),
                                                 std: try numbers("std"), channelOrder: order)
    }

    /// The spec this declares, defaults filled in.
    /// - Throws: ``EcoError/invalidArgument(_:)`` for a missing task, labels or input size.
    public func spec() throws -> ImageModelSpec {
        guard let task else { throw EcoError.invalidArgument("task is required: classification, regression or embedding.") }
        let labels = labels ?? []
        guard task == .embedding || !labels.isEmpty else {
            throw EcoError.invalidArgument("labels are required: the class names in output order (or the regression outputs' names), e.g. [\"clear\", \"heavy_plastic\"].")
        }
        guard let inputSize = preprocessing?.inputSize else {
            throw EcoError.invalidArgument("preprocessing.inputSize is required: the side in pixels of the model's square input (224 for torchvision classifiers).")
        }
        let imageNet = Preprocessing.imageNet
        let declared = Preprocessing(inputSize: inputSize, resizeSize: preprocessing?.resizeSize ?? inputSize, mean: preprocessing?.mean ?? imageNet.mean,
                                     std: preprocessing?.std ?? imageNet.std, channelOrder: preprocessing?.channelOrder ?? .rgb)
        return ImageModelSpec(task: task, labels: labels, preprocessing: declared)
    }

    /// The metrics as JSON text (`{}` when none were given).
    /// - Throws: ``EcoError/invalidArgument(_:)`` when they are not a JSON object.
    public func metricsJSON() throws -> String {
        guard let metrics, metrics != .null else { return "{}" }
        guard case .object = metrics else { throw EcoError.invalidArgument("metrics must be a JSON object, e.g. {\"accuracy\": 0.91}.") }
        return try StableJSON.text(of: metrics)
    }
}
