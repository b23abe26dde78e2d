import EcoStore
import EcoStoreFactory
import Foundation
import Logging

/// The PostgreSQL server of `ECOTRACK_TEST_POSTGRES` (scripts/postgres.sh), opened through the store factory as
/// `ecotrack` opens it; several stores on one schema stand for several processes.
/// Each test takes a schema of its own; they stay on the test server (scripts/test's cluster is thrown away).
enum TestPostgres {
    static let url: String? = ProcessInfo.processInfo.environment["ECOTRACK_TEST_POSTGRES"].flatMap { $0.isEmpty || $0 == "off" ? nil : $0 }
    static var isAvailable: Bool { url != nil }
    static let logger = Logger(label: "test.postgres")

    static func freshSchema() -> String {
        "srv_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    }

    /// `options` are further URL options (`limitWait=…`).
    static func open(schema: String, _ options: String = "") async throws -> any EcoStore {
        let base = url ?? ""
        return try await StoreFactory.open(base + (base.contains("?") ? "&" : "?") + "schema=\(schema)&pool=4&tls=disable" + (options.isEmpty ? "" : "&" + options))
    }

    /// The store's shared counters, which a PostgreSQL store always has.
    static func counters(_ store: any EcoStore) throws -> any SharedLimitStore {
        guard let counters = store.sharedLimits else { throw CocoaError(.featureUnsupported) }
        return counters
    }
}
