import EcoObjectStorageS3
import EcoStoreFactory
import Foundation

/// Where objects live, parsed from the `objectStore` setting (`--object-store`, `ECOTRACK_OBJECT_STORE`):
/// a directory path (the filesystem store; `file:` may stand before it) or an S3 URL,
/// `s3://bucket/optional/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1&style=path`.
/// Credentials never ride in the URL: they come from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
/// `AWS_SESSION_TOKEN`.
public enum ObjectStoreLocation: Equatable, Sendable {
    case directory(path: String)
    case s3(bucket: String, prefix: String, region: String, endpoint: URL?, style: S3Configuration.AddressingStyle?)

    /// The options an `s3://` location accepts, with what they mean (for error messages and docs).
    public static let s3Options = [
        "endpoint": "the service's base URL, http:// or https:// (default: AWS, https://s3.REGION.amazonaws.com)",
        "region": "the signing region (default us-east-1)",
        "style": "path (https://endpoint/bucket/key, the default with an endpoint) or virtual (https://bucket.endpoint/key, the default on AWS)",
    ]

    /// The default: a directory `objects` beside the SQLite file of `database` (`./data/objects` for the
    /// default database), or `./data/objects` when the database is not a file.
    public static func defaultLocation(besideDatabase database: String) -> ObjectStoreLocation {
        guard case let .sqlite(path, _)? = try? StoreLocation(parsing: database) else { return .directory(path: "./data/objects") }
        let directory = (path as NSString).deletingLastPathComponent
        return .directory(path: (directory.isEmpty ? "." : directory) + "/objects")
    }

    /// Parses an `objectStore` setting.
    /// - Throws: ``ObjectStoreLocationError`` naming what is wrong and what is accepted.
    public init(parsing text: String) throws(ObjectStoreLocationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("s3://") {
            self = try Self.parseS3(trimmed)
            return
        }
        if let colon = trimmed.firstIndex(of: ":"), trimmed[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" }),
           trimmed[trimmed.index(after: colon)...].hasPrefix("//"), !trimmed.hasPrefix("file://") {
            throw ObjectStoreLocationError("'\(text)' is not an object store EcoTrack knows: give a directory path (./data/objects) or s3://bucket/prefix.")
        }
        var path = trimmed
        if path.hasPrefix("file://") { path.removeFirst("file://".count) } else if path.hasPrefix("file:") { path.removeFirst("file:".count) }
        guard !path.isEmpty else { throw ObjectStoreLocationError("The object store location is empty; give a directory path (./data/objects) or s3://bucket/prefix.") }
        self = .directory(path: path)
    }

    private static func parseS3(_ text: String) throws(ObjectStoreLocationError) -> ObjectStoreLocation {
        guard let url = URLComponents(string: text) else {
            throw ObjectStoreLocationError("'\(text)' is not a valid URL; write s3://bucket/prefix?endpoint=…&region=….")
        }
        guard url.user == nil, url.password == nil else {
            throw ObjectStoreLocationError("Credentials do not go in the object-store URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead.")
        }
        guard let bucket = url.host, !bucket.isEmpty else {
            throw ObjectStoreLocationError("'\(text)' names no bucket; write s3://bucket/prefix.")
        }
        // S3's bucket naming rules (Amazon S3 User Guide, "Bucket naming rules"): 3 to 63 characters of
        // lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit.
        let allowed = bucket.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 46 || $0 == 45 }
        guard (3...63).contains(bucket.count), allowed, bucket.first!.isLetter || bucket.first!.isNumber,
              bucket.last!.isLetter || bucket.last!.isNumber else {
            throw ObjectStoreLocationError("'\(bucket)' is not a valid bucket name: use 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.")
        }
        guard url.port == nil else {
            throw ObjectStoreLocationError("'\(text)' puts a port on the bucket; give the service's address as ?endpoint=http://host:port.")
        }
        var region = "us-east-1"
        var endpoint: URL?
        var style: S3Configuration.AddressingStyle?
        for item in url.queryItems ?? [] {
            guard let value = item.value, !value.isEmpty else { throw ObjectStoreLocationError("The option '\(item.name)' in '\(text)' has no value.") }
            switch item.name {
            case "region":
                region = value
            case "endpoint":
                guard let parsed = URL(string: value), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host?.isEmpty == false else {
                    throw ObjectStoreLocationError("endpoint=\(value) is not an http:// or https:// URL with a host, such as http://127.0.0.1:9000.")
                }
                endpoint = parsed
            case "style":
                guard let parsed = S3Configuration.AddressingStyle(rawValue: value) else {
                    throw ObjectStoreLocationError("style=\(value) is not one of: path, virtual.")
                }
                style = parsed
            default:
                throw ObjectStoreLocationError("'\(item.name)' is not an option of an S3 object store; use \(s3Options.keys.sorted().joined(separator: ", ")).")
            }
        }
        return .s3(bucket: bucket, prefix: url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/")), region: region, endpoint: endpoint, style: style)
    }
}

/// A bad `objectStore` setting, with what to write instead.
public struct ObjectStoreLocationError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
