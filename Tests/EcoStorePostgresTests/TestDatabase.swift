import EcoStore
import EcoStorePostgres
import Foundation
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL server the tests use: `ECOTRACK_TEST_POSTGRES` (a URL such as the one
/// `scripts/postgres.sh start` prints). Unset, empty or `off`, every PostgreSQL test is skipped and says why.
enum TestDatabase {
    static let variable = "ECOTRACK_TEST_POSTGRES"
    static let url: String? = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty || $0 == "off" ? nil : $0 }
    static let isAvailable = url != nil
    static let skipReason: Comment = "ECOTRACK_TEST_POSTGRES is not set: the PostgreSQL adapter's tests are skipped (start a server with scripts/postgres.sh start)"

    /// A schema name no other test uses.
    static func freshSchema() -> String {
        "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    }

    /// The test server's URL with `options` added to its query.
    static func url(_ options: String) -> String {
        let base = url ?? ""
        return base + (base.contains("?") ? "&" : "?") + options
    }

    /// Opens a store on `schema` (small pool: many tests run at once).
    static func open(schema: String, _ options: String = "") async throws -> PostgresStore {
        try await PostgresStore.open(url: url("schema=\(schema)&pool=4&tls=disable" + (options.isEmpty ? "" : "&" + options)))
    }

    /// A connection to the test server outside any store, on `schema` when given; the caller closes it.
    static func connect(schema: String? = nil) async throws -> PostgresConnection {
        let location = try PostgresLocation(parsing: url ?? "")
        var configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: .disable)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", "\"\(schema)\", public")] }
        return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Logger(label: "test"))
    }

    /// Runs SQL on the test server outside any store (setting up or inspecting a schema).
    static func sql(_ statement: String, schema: String? = nil) async throws -> [PostgresRow] {
        let connection = try await connect(schema: schema)
        do {
            var rows: [PostgresRow] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "test")) { rows.append(row) }
            try await connection.close()
            return rows
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs `body` with a fresh schema name, then drops that schema whatever happened.
    static func withSchema<T>(_ body: (String) async throws -> T) async throws -> T {
        let schema = freshSchema()
        do {
            let result = try await body(schema)
            await drop(schema)
            return result
        } catch {
            await drop(schema)
            throw error
        }
    }

    /// Drops a test's schema and everything in it.
    static func drop(_ schema: String) async {
        _ = try? await sql("DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE")
    }
}
