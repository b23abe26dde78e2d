import Foundation

/// Where and how an ``S3ObjectStore`` reaches its bucket. Every field but `bucket` and `credentials` has a default.
public struct S3Configuration: Sendable, Equatable {
    /// How the bucket is named in request URLs.
    public enum AddressingStyle: String, Sendable, Equatable {
        /// `https://endpoint/bucket/key`: local stand-ins (moto, MinIO) and most S3-compatible services.
        case path
        /// `https://bucket.endpoint/key`: AWS's preferred form.
        case virtualHost = "virtual"
    }

    public var bucket: String
    /// Prepended to every object name (e.g. `ecotrack/objects/`); empty, or ending in `/` after ``init(bucket:credentials:)``'s normalisation.
    public var prefix: String
    /// The signing region, default `us-east-1`.
    public var region: String
    /// The service's base URL; nil means AWS, `https://s3.<region>.amazonaws.com`.
    public var endpoint: URL?
    /// Default: path style with an explicit endpoint, virtual-host style on AWS.
    public var style: AddressingStyle
    public var credentials: S3Credentials
    /// Bodies up to this many bytes go in one PutObject; larger ones in a multipart upload. Default 16 MiB.
    public var multipartThreshold: Int64 = 16 << 20
    /// The size of each multipart part but the last (S3 requires at least 5 MiB except in tests against stand-ins). Default 16 MiB.
    public var partSize: Int64 = 16 << 20
    /// Keys asked per ListObjectsV2 page (S3's maximum and default is 1,000).
    public var listPageSize = 1_000
    /// Deadline for requests without a large body (HEAD, DELETE, list, multipart bookkeeping).
    public var requestTimeout: Duration = .seconds(30)
    /// Where uploads are spooled while hashed (the system's temporary directory by default).
    public var spoolDirectory: URL = FileManager.default.temporaryDirectory

    public init(bucket: String, prefix: String = "", region: String = "us-east-1", endpoint: URL? = nil,
                style: AddressingStyle? = nil, credentials: S3Credentials) {
        self.bucket = bucket
        let trimmed = prefix.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.prefix = trimmed.isEmpty ? "" : trimmed + "/"
        self.region = region
        self.endpoint = endpoint
        self.style = style ?? (endpoint == nil ? .virtualHost : .path)
        self.credentials = credentials
    }

    /// The scheme, host (with port when not the scheme's default) and base path every request starts with.
    var base: (scheme: String, host: String, path: String) {
        let url = endpoint ?? URL(string: "https://s3.\(region).amazonaws.com")!
        let scheme = url.scheme ?? "https"
        var host = url.host ?? "s3.amazonaws.com"
        if let port = url.port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) { host += ":\(port)" }
        let basePath = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
        switch style {
        case .path: return (scheme, host, "\(basePath)/\(bucket)")
        case .virtualHost: return (scheme, "\(bucket).\(host)", basePath)
        }
    }
}
