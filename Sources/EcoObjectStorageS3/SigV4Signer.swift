import Crypto
import Foundation

/// Access keys for an S3-compatible service.
public struct S3Credentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Present for temporary credentials (STS); sent as `x-amz-security-token`.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The standard variables `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, or nil
    /// when either key is missing. The caller passes the environment in (nothing below `main` reads it).
    public static func fromEnvironment(_ environment: [String: String]) -> S3Credentials? {
        guard let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty,
              let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else { return nil }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
    }
}

/// AWS Signature Version 4 for requests signed in the `Authorization` header (a pure value: no I/O,
/// no clock; the caller passes the time).
///
/// The algorithm is AWS's "Signature Version 4 signing process" (IAM User Guide, "Create a signed AWS
/// API request"; for S3, "Signature Calculations for the Authorization Header: Transferring Payload in
/// a Single Chunk"): a canonical request, a string to sign naming the scope `date/region/service/aws4_request`,
/// and an HMAC-SHA256 chain from `"AWS4" + secret` through date, region, service and `aws4_request`.
public struct SigV4Signer: Sendable {
    public var credentials: S3Credentials
    public var region: String
    public var service: String

    public init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// A request to sign. `path` is the path as sent on the wire (segments already encoded with
    /// ``SigV4Signer/encodePath(_:)``); `query` holds raw (unencoded) names and values.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var query: [(name: String, value: String)]
        /// Headers to sign; must include `host` (S3 also wants `x-amz-content-sha256`).
        public var headers: [(name: String, value: String)]
        /// Lowercase hex SHA-256 of the body (or `UNSIGNED-PAYLOAD`).
        public var payloadHash: String

        public init(method: String, path: String, query: [(name: String, value: String)] = [],
                    headers: [(name: String, value: String)], payloadHash: String) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    /// The headers to send besides the request's own: `x-amz-date`, `x-amz-security-token` (with a
    /// session token) and `authorization`.
    public func sign(_ request: Request, at date: Date) -> [(name: String, value: String)] {
        let stamp = AmzDate(date)
        var extra = [(name: "x-amz-date", value: stamp.dateTime)]
        if let token = credentials.sessionToken { extra.append((name: "x-amz-security-token", value: token)) }
        var signed = request
        signed.headers += extra
        let (canonical, signedHeaders) = canonicalRequest(signed)
        let scope = "\(stamp.date)/\(region)/\(service)/aws4_request"
        let toSign = stringToSign(canonicalRequest: canonical, dateTime: stamp.dateTime, scope: scope)
        let signature = hex(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: signingKey(date: stamp.date)))
        extra.append((name: "authorization",
                      value: "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope),SignedHeaders=\(signedHeaders),Signature=\(signature)"))
        return extra
    }

    /// The canonical request and its `SignedHeaders` list (exposed for tests against AWS's examples).
    public func canonicalRequest(_ request: Request) -> (text: String, signedHeaders: String) {
        let pairs: [(name: String, value: String)] = request.query.map { (Self.encode($0.name, keepSlash: false), Self.encode($0.value, keepSlash: false)) }
        let sorted = pairs.sorted { (a, b) -> Bool in a.name == b.name ? a.value < b.value : a.name < b.name }
        let query = sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        // Header names fold to lower case; values are trimmed and inner runs of spaces become one;
        // a header given twice is signed as its values joined by commas.
        var headers: [String: [String]] = [:]
        for (name, value) in request.headers {
            let collapsed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            headers[name.lowercased(), default: []].append(collapsed.trimmingCharacters(in: .whitespaces))
        }
        let names = headers.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(headers[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let text = [request.method, request.path.isEmpty ? "/" : request.path, query, canonicalHeaders, signedHeaders, request.payloadHash]
            .joined(separator: "\n")
        return (text, signedHeaders)
    }

    /// The string to sign for a canonical request (exposed for tests against AWS's examples).
    public func stringToSign(canonicalRequest: String, dateTime: String, scope: String) -> String {
        "AWS4-HMAC-SHA256\n\(dateTime)\n\(scope)\n\(hex(SHA256.hash(data: Data(canonicalRequest.utf8))))"
    }

    private func signingKey(date: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// An object key as a URI path: every byte but the unreserved ones (`A-Z a-z 0-9 - . _ ~`) and `/`
    /// percent-encoded, as S3 expects (it does not encode twice).
    public static func encodePath(_ path: String) -> String { encode(path, keepSlash: true) }

    /// RFC 3986 percent-encoding with upper-case hex, leaving only unreserved characters (and `/` when asked).
    static func encode(_ text: String, keepSlash: Bool) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}

/// Lowercase hexadecimal of a digest or MAC.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// The two UTC time stamps SigV4 uses: `yyyyMMdd'T'HHmmss'Z'` and `yyyyMMdd`.
struct AmzDate {
    let dateTime: String
    let date: String

    init(_ instant: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        date = String(format: "%04d%02d%02d", c.year!, c.month!, c.day!)
        dateTime = date + String(format: "T%02d%02d%02dZ", c.hour!, c.minute!, c.second!)
    }
}
