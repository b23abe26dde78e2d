import ArgumentParser
import EcoCore
import EcoPipeline
import EcoServer
import EcoStore
import Foundation

/// `ecotrack models …`: the local model registry — versions, stages, aliases, history.
struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List registered models, move versions between stages, set aliases, show history, register ONNX image models.",
        subcommands: [List.self, Stage.self, Alias.self, History.self, RegisterONNX.self]
    )

    /// Every version with its stage and the aliases pointing at it (comma-separated, sorted), as GET /api/v1/models lists them.
    struct List: AsyncParsableCommand {
        @Argument(help: "Only this model.") var name: String?
        @Option(help: "SQLite file of the local store.") var database: String?

        func run() async throws {
            try await withPlatform(database: database, readOnly: true) { platform in
                let versions = try await platform.store.modelVersions(named: name)
                let aliases = try await platform.store.modelAliases(named: name)
                let rows: [JSONValue] = versions.map { version in
                    let pointing = ModelAlias.names(of: aliases, pointingAt: version.version, of: version.name)
                    return .object(["name": .string(version.name), "version": .number(Double(version.version)), "stage": .string(version.stage.rawValue),
                             "aliases": .string(pointing.joined(separator: ",")), "algorithm": .string(version.algorithm), "task": .string(version.task),
                             "createdAt": .string(Timestamp.format(ms: version.createdAtMs)), "metrics": .string(version.metricsJSON)])
                }
                print(TableRenderer.render(.object(["data": .array(rows)]), as: .table), terminator: "")
            }
        }
    }

    struct Stage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move NAME@VERSION to None, Staging, Production or Archived.")
        @Argument(help: "NAME@VERSION") var model: String
        @Argument(help: "None, Staging, Production or Archived.") var stage: String
        @Option(help: "SQLite file of the local store.") var database: String?

        func run() async throws {
            guard let target = ModelStage(rawValue: stage) else { throw ValidationError("stage must be None, Staging, Production or Archived.") }
            let (name, reference) = ModelReference.parse(model)
            guard case let .version(version) = reference else { throw ValidationError("Name the version: NAME@VERSION.") }
            try await withPlatform(database: database) { platform in
                try await platform.store.setStage(target, name: name, version: version, atMs: platform.clock.nowMs())
                print("\(name)@\(version) is now \(target.rawValue)")
            }
        }
    }

    struct Alias: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Point an alias such as champion at NAME@VERSION.")
        @Argument(help: "NAME@VERSION") var model: String
        @Argument(help: "Alias, e.g. champion or challenger.") var alias: String
        @Option(help: "SQLite file of the local store.") var database: String?

        func run() async throws {
            let (name, reference) = ModelReference.parse(model)
            guard case let .version(version) = reference else { throw ValidationError("Name the version: NAME@VERSION.") }
            try await withPlatform(database: database) { platform in
                try await platform.store.setAlias(alias, name: name, version: version, atMs: platform.clock.nowMs())
                print("\(name)@\(alias) → version \(version)")
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every registration, stage change and alias move of a model, oldest first.")
        @Argument var name: String
        @Option(help: "SQLite file of the local store.") var database: String?

        func run() async throws {
            try await withPlatform(database: database, readOnly: true) { platform in
                for event in try await platform.store.modelHistory(named: name) {
                    print("\(Timestamp.format(ms: event.atMs))  \(event.name)@\(event.version)  \(event.event)")
                }
            }
        }
    }
}
