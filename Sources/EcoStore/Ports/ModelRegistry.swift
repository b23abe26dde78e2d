import EcoCore

/// The model registry: versions with stages and aliases, and their history.
public protocol ModelRegistry: Sendable {
    /// Stores a new version of `model.name` (numbered 1, 2, … per name) and returns it.
    func registerModel(_ model: ModelVersion) async throws -> ModelVersion
    /// The version `reference` points at, artifact included; nil when there is none.
    func model(named name: String, _ reference: ModelReference) async throws -> ModelVersion?
    /// Every version of every model (or of `name`), newest first, without artifacts.
    func modelVersions(named name: String?) async throws -> [ModelVersion]
    /// Moves a version to a stage; promoting to Production archives the previous Production version.
    func setStage(_ stage: ModelStage, name: String, version: Int, atMs: Int64) async throws
    /// Points an alias (e.g. `champion`) at a version.
    func setAlias(_ alias: String, name: String, version: Int, atMs: Int64) async throws
    /// Every alias of every model (or of `name`), by name then alias.
    func modelAliases(named name: String?) async throws -> [ModelAlias]
    /// The history of `name`, oldest first.
    func modelHistory(named name: String) async throws -> [ModelEvent]
}

/// An alias (e.g. `champion`) and the version of `name` it points at.
public struct ModelAlias: Sendable, Equatable {
    public var name: String
    public var alias: String
    public var version: Int

    public init(name: String, alias: String, version: Int) {
        self.name = name
        self.alias = alias
        self.version = version
    }

    /// The names of those of `aliases` that point at `version` of `name`, sorted (what the model list shows per version).
    public static func names(of aliases: [ModelAlias], pointingAt version: Int, of name: String) -> [String] {
        aliases.filter { $0.name == name && $0.version == version }.map(\.alias).sorted()
    }
}
