import ArgumentParser
import EcoCore
import EcoPipeline
import EcoServer
import EcoStore

/// `ecotrack users create|list`: accounts of the local store.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or list users; a new user's first API key is printed once.",
        subcommands: [Create.self, List.self]
    )

    struct Create: AsyncParsableCommand {
        @Option(help: "E-mail address (unique).") var email: String
        @Option(help: "viewer, analyst, contributor, admin or api_consumer.") var role: String
        @Option(help: "Organization the user belongs to.") var organization: String?
        @Option(help: "Quota tier: free, researcher or institutional.") var tier: String = "free"
        @Flag(help: "Read a password (12–72 bytes) for POST /api/v1/auth/login from standard input.") var passwordStdin = false
        @Option(help: "SQLite file of the local store.") var database: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            guard let tier = QuotaTier(rawValue: tier) else {
                throw ValidationError("--tier must be one of \(QuotaTier.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            let password = passwordStdin ? readLine(strippingNewline: true) : nil
            try await withServices(database: database) { services in
                let created = try await cliErrors {
                    try await services.access.accounts.createUser(email: email, role: role, organization: organization, tier: tier, password: password)
                }
                await AccountListings.audit(services, action: "user.create", target: created.user.email, detail: "role=\(role.rawValue) tier=\(tier.rawValue)")
                print("created \(created.user.email) (\(role.rawValue), \(tier.rawValue)), id \(created.user.id)")
                print("API key (shown once, store it now): \(created.key.key)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        @Option(help: "table, csv or json.") var format: String = "table"
        @Option(help: "SQLite file of the local store.") var database: String?

        func run() async throws {
            try await withServices(database: database) { services in
                print(TableRenderer.render(try await AccountListings.users(services), as: TableFormat(rawValue: format) ?? .table), terminator: "")
            }
        }
    }
}

/// Runs `body`, turning domain errors into messages without a stack of type names.
func cliErrors<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let error as EcoError { throw ValidationError(error.message) }
    catch let error as AccountError { throw ValidationError(error.description) }
}
