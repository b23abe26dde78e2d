import AsyncHTTPClient
import EcoStore
import Foundation
import NIOCore
import NIOHTTP1

/// Signs and sends S3 REST requests for one bucket, and turns S3's answers into ``ObjectStoreError``s.
struct S3Client: Sendable {
    let configuration: S3Configuration
    private var signer: SigV4Signer { SigV4Signer(credentials: configuration.credentials, region: configuration.region) }

    /// A request's body: nothing, bytes in memory, or a slice of a spooled file (streamed, never loaded whole).
    enum Body: Sendable {
        case none
        case bytes([UInt8])
        case file(URL, offset: Int64, length: Int64)
    }

    /// Sends one signed request. `name` is the object's name under the bucket (nil for the bucket itself).
    /// Answers any response; ``check(_:doing:)`` turns a failure status into an error.
    func send(_ method: HTTPMethod, name: String?, query: [(name: String, value: String)] = [], headers extra: [(name: String, value: String)] = [],
              body: Body = .none, payloadHash: String, deadline: NIODeadline? = nil) async throws -> HTTPClientResponse {
        let base = configuration.base
        let path = SigV4Signer.encodePath(base.path + "/" + (name ?? ""))
        var headers = [(name: "host", value: base.host), (name: "x-amz-content-sha256", value: payloadHash)] + extra
        headers += signer.sign(.init(method: method.rawValue, path: path, query: query, headers: headers, payloadHash: payloadHash), at: Date())
        let queryText = query.map { "\(SigV4Signer.encode($0.name, keepSlash: false))=\(SigV4Signer.encode($0.value, keepSlash: false))" }
            .joined(separator: "&")
        var request = HTTPClientRequest(url: "\(base.scheme)://\(base.host)\(path)\(queryText.isEmpty ? "" : "?" + queryText)")
        request.method = method
        for (name, value) in headers where name != "host" { request.headers.add(name: name, value: value) }
        switch body {
        case .none: break
        case let .bytes(bytes): request.body = .bytes(bytes)
        case let .file(url, offset, length): request.body = .stream(FileSlice(url: url, offset: offset, length: length), length: .known(length))
        }
        do {
            return try await Self.http.execute(request, deadline: deadline ?? .now() + .nanoseconds(Int64(configuration.requestTimeout / .nanoseconds(1))))
        } catch let error as ObjectStoreError {
            throw error
        } catch {
            throw ObjectStoreError.unavailable("cannot reach S3 at \(base.scheme)://\(base.host) (\(describe(error))); check the endpoint URL and that the service is running")
        }
    }

    /// Throws the ``ObjectStoreError/unavailable(_:)`` S3's answer describes unless its status is 2xx.
    func check(_ response: HTTPClientResponse, doing action: String) async throws {
        guard !(200..<300).contains(response.status.code) else { return }
        throw await failure(response, doing: action)
    }

    /// The error a non-2xx answer describes, with S3's own code and message when it sent a body (HEAD answers have none).
    func failure(_ response: HTTPClientResponse, doing action: String) async -> ObjectStoreError {
        let document = (try? await response.body.collect(upTo: 64 << 10)).map { String(buffer: $0) } ?? ""
        return Self.failure(status: Int(response.status.code), document: document, action: action, bucket: configuration.bucket)
    }

    /// Words for a failed answer: "S3 answered 403 SignatureDoesNotMatch: …; check the credentials and region".
    static func failure(status: Int, document: String, action: String, bucket: String) -> ObjectStoreError {
        let code = S3XML.text("Code", in: document)
        let message = S3XML.text("Message", in: document)
        var words = "S3 answered \(status)"
        if let code { words += " \(code)" }
        words += " to \(action)"
        if let message { words += ": \(message)" }
        let hint: String? = switch code ?? "" {
        case "SignatureDoesNotMatch", "InvalidAccessKeyId", "AuthorizationHeaderMalformed", "InvalidToken", "ExpiredToken":
            "check the credentials and region"
        case "NoSuchBucket": "create the bucket '\(bucket)' or fix the object-store location"
        case "AccessDenied": "check that the credentials may read and write the bucket '\(bucket)'"
        default: status == 403 ? "check the credentials and region" : nil
        }
        if let hint { words += "; \(hint)" }
        return .unavailable(words)
    }

    /// One client for the process: connections are pooled across stores, and a global is never
    /// deinitialised, so it needs no shutdown. Connecting gives up after 5 s and a refused connection is
    /// not retried (by default the pool would keep retrying until the request's deadline), so an
    /// unreachable endpoint fails fast; a body that stalls for 60 s fails.
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}

/// A short description of a transport error (AHC's errors print as their case names).
func describe(_ error: any Error) -> String {
    let text = String(describing: error)
    return text.count > 300 ? String(text.prefix(300)) + "…" : text
}

/// Bytes `offset..<offset+length` of a file as 1 MiB buffers.
struct FileSlice: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let url: URL
    let offset: Int64
    let length: Int64

    struct AsyncIterator: AsyncIteratorProtocol {
        var handle: FileHandle?
        let url: URL
        var position: Int64
        var remaining: Int64

        mutating func next() async throws -> ByteBuffer? {
            guard remaining > 0 else {
                try? handle?.close()
                handle = nil
                return nil
            }
            if handle == nil {
                handle = try FileHandle(forReadingFrom: url)
                try handle!.seek(toOffset: UInt64(position))
            }
            let data = try handle!.read(upToCount: Int(Swift.min(remaining, 1 << 20))) ?? Data()
            guard !data.isEmpty else { throw ObjectStoreError.unavailable("the spooled upload \(url.path) ended early") }
            remaining -= Int64(data.count)
            position += Int64(data.count)
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: nil, url: url, position: offset, remaining: length) }
}
