import EcoCore
import EcoPipeline
import Foundation

/// Assembles the OpenAPI 3.1 document from the fragments in Resources `OpenAPI/`: `base.json`
/// holds info and shared components, and each route group has its own `paths-*.json`, next to
/// nothing else, so the contract is edited in one small file per group.
public enum OpenAPIDocument {
    /// The merged document as JSON.
    public static func load() throws -> JSONValue {
        guard let directory = Bundle.module.url(forResource: "OpenAPI", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        guard case var .object(document) = try decode(directory.appendingPathComponent("base.json")) else { throw CocoaError(.fileReadCorruptFile) }
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [:]
        var securitySchemes: [String: JSONValue] = [:]
        if case let .object(base)? = document["components"]?["schemas"] { schemas = base }
        for file in files where file.hasPrefix("paths-") {
            let fragment = try decode(directory.appendingPathComponent(file))
            if case let .object(more)? = fragment["paths"] { paths.merge(more) { a, _ in a } }
            if case let .object(more)? = fragment["schemas"] { schemas.merge(more) { a, _ in a } }
            // Security schemes and the default requirement (docs/security.md) come from paths-auth.json.
            if case let .object(more)? = fragment["securitySchemes"] { securitySchemes.merge(more) { a, _ in a } }
            if let security = fragment["security"], document["security"] == nil { document["security"] = security }
        }
        document["paths"] = .object(paths)
        var components: [String: JSONValue] = [:]
        if case let .object(existing)? = document["components"] { components = existing }
        components["schemas"] = .object(schemas)
        if !securitySchemes.isEmpty { components["securitySchemes"] = .object(securitySchemes) }
        document["components"] = .object(components)
        return .object(document)
    }

    private static func decode(_ url: URL) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
    }
}
