import EcoStore

/// Where a store lives, parsed from the `database` setting: a SQLite file (a bare path, or
/// `sqlite:PATH?durability=normal`) or a PostgreSQL URL (`postgres://user@host:5432/db`). Options ride in
/// the query string, so nothing above the factory needs to know an adapter's settings.
public enum StoreLocation: Equatable, Sendable {
    case sqlite(path: String, options: [String: String])
    case postgres(url: String)

    /// The options each adapter accepts, with what they mean (for error messages and docs).
    public static let sqliteOptions = ["durability": "full (fsync every commit, the default) or normal (survives a killed process, not a power cut)",
                                       "readers": "read connections, 1 to 64 (default 4)"]

    /// Parses a `database` setting.
    /// - Throws: `StoreLocationError` naming what is wrong and what is accepted.
    public init(parsing text: String) throws(StoreLocationError) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
            return
        }
        var rest = text
        if rest.hasPrefix("sqlite://") { rest.removeFirst("sqlite://".count) } else if rest.hasPrefix("sqlite:") { rest.removeFirst("sqlite:".count) }
        var options: [String: String] = [:]
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { throw StoreLocationError("'\(pair)' in '\(text)' is not name=value.") }
                let name = String(parts[0])
                guard Self.sqliteOptions[name] != nil else {
                    throw StoreLocationError("'\(name)' is not an option of a SQLite store; use \(Self.sqliteOptions.keys.sorted().joined(separator: ", ")).")
                }
                options[name] = String(parts[1])
            }
            rest = String(rest[..<mark])
        }
        guard !rest.isEmpty else { throw StoreLocationError("'\(text)' names no file; give a path such as ./data/ecotrack.sqlite.") }
        self = .sqlite(path: rest, options: options)
    }
}

/// A `database` setting that names no store this build can open.
public struct StoreLocationError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
