/// Lifecycle stage of a model version, as in the specification's registry.
public enum ModelStage: String, Sendable, Codable, CaseIterable {
    case none = "None", staging = "Staging", production = "Production", archived = "Archived"
}

/// One registered version of a model: what it is, how good it was, where it came from, and its artifact.
public struct ModelVersion: Sendable, Equatable {
    /// `{domain}-{task}-{architecture}` by convention, e.g. `biodiversity-sdm-rf`.
    public var name: String
    public var version: Int
    public var algorithm: String
    public var task: String
    /// Training parameters as JSON.
    public var parametersJSON: String
    /// Evaluation metrics as JSON.
    public var metricsJSON: String
    /// SHA-256 of the training data, hex.
    public var datasetSHA256: String
    public var stage: ModelStage
    public var createdAtMs: Int64
    /// The serialized model (EcoML artifact format); empty in listings, and empty for models whose
    /// artefact lives in object storage (`artifactKey`).
    public var artifact: [UInt8]
    /// The SHA-256 (lowercase hex) of the artefact in object storage, for models too large for a row
    /// (ONNX image models); nil for tabular models, whose artefact is `artifact`.
    public var artifactKey: String?

    public init(name: String, version: Int = 0, algorithm: String, task: String, parametersJSON: String, metricsJSON: String,
                datasetSHA256: String, stage: ModelStage = .none, createdAtMs: Int64, artifact: [UInt8], artifactKey: String? = nil) {
        self.name = name
        self.version = version
        self.algorithm = algorithm
        self.task = task
        self.parametersJSON = parametersJSON
        self.metricsJSON = metricsJSON
        self.datasetSHA256 = datasetSHA256
        self.stage = stage
        self.createdAtMs = createdAtMs
        self.artifact = artifact
        self.artifactKey = artifactKey
    }
}

/// An entry of a model's append-only history: registrations, stage changes and alias moves.
public struct ModelEvent: Sendable, Equatable {
    public var name: String
    public var version: Int
    /// `registered`, `stage:Production`, `alias:champion` …
    public var event: String
    public var atMs: Int64

    public init(name: String, version: Int, event: String, atMs: Int64) {
        self.name = name
        self.version = version
        self.event = event
        self.atMs = atMs
    }
}

/// Which version a request means: a number, an alias, or (nil) the Production version,
/// else the newest.
public enum ModelReference: Sendable, Equatable {
    case latestServing
    case version(Int)
    case alias(String)

    /// Parses `NAME`, `NAME@3` or `NAME@champion`.
    public static func parse(_ text: String) -> (name: String, reference: ModelReference) {
        guard let at = text.firstIndex(of: "@") else { return (text, .latestServing) }
        let name = String(text[..<at]), suffix = String(text[text.index(after: at)...])
        if let number = Int(suffix) { return (name, .version(number)) }
        return (name, .alias(suffix))
    }
}
