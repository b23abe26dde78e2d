import ArgumentParser
import EcoCore
import EcoPipeline
import EcoServer

/// `ecotrack variables list|register`: the variable catalogue of the local store.
struct Variables: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the variable catalogue or register a user variable in the local store.",
        subcommands: [List.self, Register.self]
    )

    struct List: AsyncParsableCommand {
        @Option(help: "SQLite file of the local store.") var database: String?
        @Option(help: "table, csv or json.") var format: String = "table"

        func run() async throws {
            try await withPlatform(database: database, readOnly: true) { platform in
                let result = try await Queries(platform: platform).run(.variables, parameters: [:])
                print(TableRenderer.render(result, as: TableFormat(rawValue: format) ?? .table), terminator: "")
            }
        }
    }

    struct Register: AsyncParsableCommand {
        @Option(help: "Name: a–z, 0–9 and _, e.g. soil_moisture.") var name: String
        @Option(help: "Canonical unit symbol, e.g. %.") var unit: String
        @Option(help: "climate, health, biodiversity, food, equity, ocean or carbon.") var domain: String
        @Option(help: "Smallest valid value.") var min: Double?
        @Option(help: "Largest valid value.") var max: Double?
        @Option(help: "mean or sum.") var aggregation: String = "mean"
        @Option(help: "One line for people.") var description: String = ""
        @Option(help: "SQLite file of the local store.") var database: String?

        func run() async throws {
            guard let domain = Domain(rawValue: domain) else {
                throw ValidationError("--domain must be one of \(Domain.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            guard let aggregation = Aggregation(rawValue: aggregation) else { throw ValidationError("--aggregation must be mean or sum.") }
            let variable = Variable(name: name, unit: unit, domain: domain, validMin: min, validMax: max, aggregation: aggregation, description: description)
            try await withPlatform(database: database) { platform in
                do { try await platform.variables.register(variable) } catch let error as EcoError { throw ValidationError(error.message) }
                print("registered \(name) (\(unit), \(domain.rawValue))")
            }
        }
    }
}
