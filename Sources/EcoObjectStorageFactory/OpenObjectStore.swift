import EcoObjectStorage
import EcoObjectStorageS3
import EcoStore
import EcoStoreFactory
import Foundation

/// Opens the object store an `objectStore` setting names (see ``ObjectStoreLocation``): the only place
/// that names an object-store adapter.
///
/// A directory is created when missing. An S3 location takes its credentials from `environment`
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional `AWS_SESSION_TOKEN`; `main` passes the process
/// environment) and lists the bucket once, so wrong credentials, region or bucket fail at startup with S3's
/// own words rather than on the first upload.
/// - Throws: ``ObjectStoreLocationError`` for a bad setting or missing credentials; ``ObjectStoreError`` when the bucket cannot be used.
public func openObjectStore(location: String, environment: [String: String]) async throws -> any ObjectStore {
    try await openObjectStore(try ObjectStoreLocation(parsing: location), environment: environment)
}

/// Opens a parsed location (see ``openObjectStore(location:environment:)``).
public func openObjectStore(_ location: ObjectStoreLocation, environment: [String: String]) async throws -> any ObjectStore {
    switch location {
    case let .directory(path):
        return try FileObjectStore(root: URL(fileURLWithPath: path, isDirectory: true))
    case let .s3(bucket, prefix, region, endpoint, style):
        guard let credentials = S3Credentials.fromEnvironment(environment) else {
            throw ObjectStoreLocationError("The S3 object store s3://\(bucket) needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones).")
        }
        let store = S3ObjectStore(configuration: S3Configuration(bucket: bucket, prefix: prefix, region: region, endpoint: endpoint,
                                                                 style: style, credentials: credentials))
        try await store.checkAccess()
        return store
    }
}

/// The object store of a configuration: the `objectStore` setting when it is given; otherwise a directory
/// `objects` beside a SQLite database. A database that is not a file (PostgreSQL) and no setting give nil:
/// its servers must name storage they all share (a mounted directory or a bucket), so entries then carry no
/// files and uploads say to set `objectStore`.
public enum ObjectStoreFactory {
    public static func open(_ setting: String?, database: String, environment: [String: String]) async throws -> (any ObjectStore)? {
        if let setting, !setting.trimmingCharacters(in: .whitespaces).isEmpty {
            return try await openObjectStore(location: setting, environment: environment)
        }
        guard case .sqlite? = try? StoreLocation(parsing: database) else { return nil }
        return try await openObjectStore(.defaultLocation(besideDatabase: database), environment: environment)
    }
}
