import ArgumentParser
import EcoCore
import EcoPipeline
import EcoServer

/// `ecotrack audit`: the newest entries of the audit log.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the audit log: who did what, when, from where, and the outcome.")

    @Option(help: "Most entries to show, newest first.") var limit: Int = 50
    @Option(help: "table, csv or json.") var format: String = "table"
    @Option(help: "SQLite file of the local store.") var database: String?

    func run() async throws {
        guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 100000.") }
        try await withServices(database: database) { services in
            print(TableRenderer.render(try await AccountListings.audit(services, limit: limit), as: TableFormat(rawValue: format) ?? .table), terminator: "")
        }
    }
}
