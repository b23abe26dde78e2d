import EcoCore
import EcoObjectStorageFactory
import Foundation
import EcoPipeline
import EcoServer
import EcoStoreFactory
import Logging

/// The platform over the store the configuration names (`database`: a SQLite path or a store URL);
/// `readOnly` for commands that only read, so that they work beside a server on the same SQLite file.
func openPlatform(_ configuration: EcoConfiguration, readOnly: Bool = false) async throws -> Platform {
    let store = try await StoreFactory.open(configuration.database, queryTimeout: .seconds(configuration.queryTimeoutSeconds), readOnly: readOnly)
    do {
        let objects = try await ObjectStoreFactory.open(configuration.objectStore, database: configuration.database,
                                                       environment: ProcessInfo.processInfo.environment)
        return try await Platform(store: store, configuration: configuration, logger: Logger(label: "ecotrack"), objects: objects)
    } catch {
        try? await store.close()
        throw error
    }
}

/// Opens the platform over the local store named by `--database` (or the configuration), runs `body`,
/// and closes the store: the commands that work on the data without a server. Commands that only read
/// pass `readOnly: true`: they then run beside a server that uses the same SQLite file (writers are refused).
func withPlatform(database: String?, readOnly: Bool = false, _ body: (Platform) async throws -> Void) async throws {
    var flags: [String: String] = [:]
    flags["database"] = database
    let platform = try await openPlatform(try ConfigurationSources.load(flags: flags, configPath: nil).resolve(), readOnly: readOnly)
    do {
        try await body(platform)
    } catch {
        try await platform.store.close()
        throw error
    }
    try await platform.store.close()
}

/// ``withPlatform(database:_:)`` with accounts and audit, for `users`, `keys` and `audit`.
func withServices(database: String?, _ body: (AppServices) async throws -> Void) async throws {
    try await withPlatform(database: database) { platform in try await body(await AppServices(platform: platform)) }
}
