import ArgumentParser
import EcoCore
import EcoPipeline
import EcoServer
import Foundation

/// `ecotrack keys create|list|revoke`: API keys of the local store.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list or revoke API keys; a new key is printed once and only its hash is stored.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        @Option(help: "E-mail of the key's owner.") var email: String
        @Option(help: "A name to recognise the key by, e.g. the machine using it.") var name: String
        @Option(help: "Days until the key stops working (default: until revoked).") var expiresInDays: Int?
        @Option(help: "SQLite file of the local store.") var database: String?

        func run() async throws {
            try await withServices(database: database) { services in
                let (key, record) = try await cliErrors {
                    let user = try await AccountListings.user(services, email: email)
                    return try await services.access.accounts.createKey(for: user.id, name: name,
                                                                        expiresAt: expiresInDays.map { Date().addingTimeInterval(Double($0) * 86_400) })
                }
                await AccountListings.audit(services, action: "key.create", target: record.id, detail: "\(email): \(name)")
                print("key \(record.id) (\(name)) for \(email)")
                print("API key (shown once, store it now): \(key.key)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        @Option(help: "Only this user's keys.") var email: String?
        @Option(help: "table, csv or json.") var format: String = "table"
        @Option(help: "SQLite file of the local store.") var database: String?

        func run() async throws {
            try await withServices(database: database) { services in
                let listing = try await cliErrors { try await AccountListings.keys(services, email: email) }
                print(TableRenderer.render(listing, as: TableFormat(rawValue: format) ?? .table), terminator: "")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        @Argument(help: "The key's id (from `ecotrack keys list`).") var id: String
        @Option(help: "SQLite file of the local store.") var database: String?

        func run() async throws {
            try await withServices(database: database) { services in
                try await cliErrors { try await services.access.accounts.revokeKey(id, by: nil) }
                await AccountListings.audit(services, action: "key.revoke", target: id)
                print("revoked \(id)")
            }
        }
    }
}
