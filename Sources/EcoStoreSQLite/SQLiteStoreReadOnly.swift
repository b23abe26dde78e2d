/// What a read-only opening of a SQLite file (``SQLiteStore/Access/readOnly``) cannot do, and what to do instead.
public struct SQLiteStoreReadOnly: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// There is no file to read.
        case missing
        /// The file's schema is not this build's, and a reader does not migrate.
        case schema(found: Int, expected: Int)
        /// A write was asked of a read-only opening.
        case writes
    }

    /// The database file.
    public var path: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .missing:
            "There is no SQLite file at \(path); a read-only command does not create one. Check --database, or store data first (ecotrack ingest, or ecotrack serve)."
        case let .schema(found, expected):
            "The SQLite file \(path) has schema version \(found) and this ecotrack reads version \(expected); a read-only command does not migrate. "
                + (found < expected ? "Open it once with a writing command (ecotrack serve or ingest) of this version." : "Use the newer ecotrack that wrote it.")
        case .writes:
            "The SQLite file \(path) was opened read-only, beside the process that writes it; send writes to that process (`--server http://HOST:PORT` or its HTTP API)."
        }
    }
}
