import EcoObjectStorage
import EcoStore
import Foundation

/// Where objects live, parsed from the `objectStore` setting in one place: a directory path (or a
/// `file://` URL) for the filesystem store. When the setting is absent, objects go in `objects/` beside a
/// SQLite database; a PostgreSQL deployment has none until it names a directory every server shares (or,
/// once its adapter lands, an `s3://` URL: add its case here and in ``ObjectStoreFactory``).
public enum ObjectStoreLocation: Equatable, Sendable {
    case directory(path: String)
    /// No object storage: entries carry no files (uploads answer 503 saying to set objectStore).
    case none

    /// Resolves the setting against the `database` setting.
    /// - Throws: `StoreLocationError` saying what to give instead.
    public init(parsing setting: String?, database: String) throws(StoreLocationError) {
        guard let setting, !setting.isEmpty else {
            guard case let .sqlite(path, _) = try StoreLocation(parsing: database) else {
                self = .none
                return
            }
            let directory = (path as NSString).deletingLastPathComponent
            self = .directory(path: ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent("objects"))
            return
        }
        if setting.hasPrefix("file://") {
            self = .directory(path: String(setting.dropFirst("file://".count)))
            return
        }
        if let scheme = setting.range(of: "://"), !setting[..<scheme.lowerBound].contains("/") {
            throw StoreLocationError("objectStore '\(setting)': this build stores objects in a directory; give a path such as ./data/objects.")
        }
        self = .directory(path: setting)
    }
}

/// Opens the object store an `objectStore` setting names (see ``ObjectStoreLocation``).
public enum ObjectStoreFactory {
    /// Nil when the setting names none (a PostgreSQL store without `objectStore`).
    public static func open(_ setting: String?, database: String) throws -> (any ObjectStore)? {
        switch try ObjectStoreLocation(parsing: setting, database: database) {
        case let .directory(path): try FileObjectStore(root: URL(fileURLWithPath: path))
        case .none: nil
        }
    }
}
