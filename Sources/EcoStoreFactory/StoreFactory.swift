import EcoStore
import EcoStorePostgres
import EcoStoreSQLite

/// Opens the store a `database` setting names (see ``StoreLocation``). The only place that names an
/// adapter: everything above it speaks the ``EcoStore`` ports.
public enum StoreFactory {
    /// Opens (creating and migrating if needed) the store at `location`; reads stop after `queryTimeout`.
    /// A `postgres://` URL connects to PostgreSQL (options in its query: ``PostgresLocation/options``).
    /// `readOnly` opens a SQLite file without its writer lock, beside the process that writes it (the
    /// read-only CLI commands); every write then throws. PostgreSQL is shared anyway and ignores it.
    public static func open(_ location: String, queryTimeout: Duration = .seconds(30), readOnly: Bool = false) async throws -> any EcoStore {
        switch try StoreLocation(parsing: location) {
        case let .sqlite(path, options):
            let durability: SQLiteStore.Durability
            switch options["durability"] ?? "full" {
            case "full": durability = .full
            case "normal": durability = .normal
            case let other: throw StoreLocationError("durability=\(other) is not one of: \(StoreLocation.sqliteOptions["durability"]!).")
            }
            var readers = 4
            if let text = options["readers"] {
                guard let count = Int(text), (1...64).contains(count) else { throw StoreLocationError("readers=\(text) must be 1 to 64.") }
                readers = count
            }
            return try SQLiteStore(path: path, durability: durability, readers: readers, queryTimeout: queryTimeout, access: readOnly ? .readOnly : .readWrite)
        case let .postgres(url):
            let location: PostgresLocation
            do { location = try PostgresLocation(parsing: url) } catch { throw StoreLocationError(error.description) }
            return try await PostgresStore.open(location, queryTimeout: queryTimeout)
        }
    }

    /// Whether several processes may share the store at `location` (a worker beside the servers):
    /// true for PostgreSQL; a SQLite file belongs to one process.
    public static func isShared(_ location: String) -> Bool {
        if case .postgres = try? StoreLocation(parsing: location) { return true }
        return false
    }
}
