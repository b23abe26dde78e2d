import Foundation

/// Where a PostgreSQL store lives and how to talk to it, parsed from a `postgres://` URL:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?pool=10&schema=ecotrack&tls=prefer&postgis=auto&partitionsAhead=3`.
///
/// Options (all optional): `pool` connections, 1 to 200 (default 10); `schema`, the PostgreSQL schema the
/// tables live in (default `public`; created when missing); `tls`: `disable`, `prefer` (default) or
/// `require`; `postgis`: `auto` (use it when the extension can be installed, the default), `off`;
/// `partitionsAhead`: months of observation partitions kept created beyond the current one (default 3);
/// `limitWait`: milliseconds a rate-limited request waits for the shared counters before this process counts
/// it alone (default 1000).
public struct PostgresLocation: Sendable, Equatable {
    public enum TLSMode: String, Sendable, CaseIterable { case disable, prefer, require }
    public enum PostGISMode: String, Sendable, CaseIterable { case auto, off }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var poolSize = 10
    public var schema = "public"
    public var tls = TLSMode.prefer
    public var postgis = PostGISMode.auto
    public var partitionsAhead = 3
    /// How long a limited request waits for the shared rate-limit counters (``PostgresStore`` as `SharedLimitStore`).
    public var limitWait = Duration.seconds(1)

    /// The options a URL may carry, with what they mean (for error messages and docs).
    public static let options: [String: String] = [
        "pool": "connections in the pool, 1 to 200 (default 10)",
        "schema": "the PostgreSQL schema of the tables (default public; created when missing)",
        "tls": "disable, prefer (default) or require",
        "postgis": "auto (a geography column when the extension is available, the default) or off",
        "partitionsAhead": "months of observation partitions created ahead, 0 to 24 (default 3)",
        "limitWait": "milliseconds a rate-limited request waits for the shared counters before counting in this process, 10 to 60000 (default 1000)",
    ]

    /// Parses a `postgres://` or `postgresql://` URL.
    /// - Throws: ``PostgresLocationError`` saying what is wrong and what is accepted.
    public init(parsing text: String) throws(PostgresLocationError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql" else {
            throw PostgresLocationError("'\(Self.redacted(text))' is not a postgres:// URL; write postgres://user@host:5432/database.")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresLocationError("'\(Self.redacted(text))' names no host; write postgres://user@host:5432/database.")
        }
        self.host = host
        port = components.port ?? 5432
        user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? user : path
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "pool":
                guard let size = Int(value), (1...200).contains(size) else { throw PostgresLocationError("pool=\(value) must be 1 to 200.") }
                poolSize = size
            case "schema":
                guard Self.isIdentifier(value) else {
                    throw PostgresLocationError("schema=\(value) must be a plain identifier (letters, digits and _, not starting with a digit, at most 48).")
                }
                schema = value
            case "tls", "sslmode":
                guard let mode = TLSMode(rawValue: value) else { throw PostgresLocationError("tls=\(value) is not one of: disable, prefer, require.") }
                tls = mode
            case "postgis":
                guard let mode = PostGISMode(rawValue: value) else { throw PostgresLocationError("postgis=\(value) is not one of: auto, off.") }
                postgis = mode
            case "partitionsAhead":
                guard let months = Int(value), (0...24).contains(months) else { throw PostgresLocationError("partitionsAhead=\(value) must be 0 to 24.") }
                partitionsAhead = months
            case "limitWait":
                guard let ms = Int(value), (10...60_000).contains(ms) else { throw PostgresLocationError("limitWait=\(value) must be 10 to 60000 (milliseconds).") }
                limitWait = .milliseconds(ms)
            default:
                throw PostgresLocationError("'\(item.name)' is not an option of a PostgreSQL store; use \(Self.options.keys.sorted().joined(separator: ", ")).")
            }
        }
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (schema == "public" ? "" : "?schema=\(schema)")
    }

    /// The channel `NOTIFY` uses for new events of this store (one per schema: stores in other schemas
    /// of the same database must not wake each other).
    var eventChannel: String { "ecotrack_events_\(schema)" }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.count <= 48, !("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// `text` with any password replaced by `***`.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}

/// A `postgres://` URL this adapter cannot use, with what to write instead.
public struct PostgresLocationError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
