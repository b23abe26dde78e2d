import AsyncHTTPClient
import Crypto
import EcoObjectStorage
import EcoStore
import Foundation
import NIOCore
import NIOHTTP1

/// An ``ObjectStore`` in an S3-compatible bucket (AWS S3, MinIO, moto …), one S3 object per stored
/// object, named `prefix + sha256`.
///
/// An upload is first spooled to a local file while its SHA-256 is computed (the key must be known
/// before anything is sent, and a file keeps memory bounded); then it is sent with
/// `x-amz-content-sha256` set to that hash, so S3 itself refuses bytes that changed on the way. Bodies
/// up to ``S3Configuration/multipartThreshold`` go in one PutObject, larger ones in a multipart upload
/// that is aborted on any failure. Either way S3 makes the object visible only when complete.
public struct S3ObjectStore: ObjectStore {
    public let configuration: S3Configuration
    private let client: S3Client

    public init(configuration: S3Configuration) {
        self.configuration = configuration
        client = S3Client(configuration: configuration)
    }

    /// SHA-256 of no bytes: the payload hash of requests without a body.
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public func put(_ body: some AsyncSequence<[UInt8], any Error> & Sendable, maxBytes: Int64) async throws -> StoredObject {
        let upload = try await SpooledUpload.spool(body, maxBytes: maxBytes, in: configuration.spoolDirectory)
        defer { upload.discard() }
        if let existing = try await info(upload.key) { return existing }
        if upload.size <= configuration.multipartThreshold {
            let response = try await client.send(.PUT, name: name(of: upload.key), body: .file(upload.file, offset: 0, length: upload.size),
                                                 payloadHash: upload.key.sha256, deadline: .distantFuture)
            try await client.check(response, doing: "PutObject \(upload.key)")
        } else {
            try await MultipartUpload(client: client, name: name(of: upload.key), partSize: configuration.partSize).send(upload)
        }
        return try await info(upload.key) ?? StoredObject(key: upload.key, size: upload.size, storedAt: Date())
    }

    public func info(_ key: ObjectKey) async throws -> StoredObject? {
        let response = try await client.send(.HEAD, name: name(of: key), payloadHash: Self.emptyHash)
        if response.status == .notFound { return nil }
        if !(200..<300).contains(response.status.code) {
            // A HEAD answer has no body, so no S3 error code; a listing answers the same credentials with
            // S3's own words (SignatureDoesNotMatch, NoSuchBucket …) when the cause is the bucket or the keys.
            try await checkAccess()
            try await client.check(response, doing: "HeadObject \(key)")
        }
        guard let size = response.headers.first(name: "content-length").flatMap(Int64.init) else {
            throw ObjectStoreError.unavailable("S3 answered HeadObject \(key) without a Content-Length")
        }
        let modified = response.headers.first(name: "last-modified").flatMap(S3Dates.parseHTTP) ?? Date()
        return StoredObject(key: key, size: size, storedAt: modified)
    }

    public func read(_ key: ObjectKey, range: Range<Int64>?) async throws -> ObjectContent {
        if let range, range.isEmpty || range.lowerBound < 0 {
            // HTTP cannot ask for zero bytes; an empty range inside the object reads nothing.
            guard let object = try await info(key) else { throw ObjectStoreError.notFound(key) }
            guard range.lowerBound >= 0, range.upperBound <= object.size else { throw ObjectStoreError.rangeNotSatisfiable(size: object.size) }
            return ObjectContent(size: object.size, range: range, chunks: AsyncThrowingStream { $0.finish() })
        }
        var headers: [(name: String, value: String)] = []
        if let range { headers.append((name: "range", value: "bytes=\(range.lowerBound)-\(range.upperBound - 1)")) }
        let response = try await client.send(.GET, name: name(of: key), headers: headers, payloadHash: Self.emptyHash, deadline: .distantFuture)
        switch response.status {
        case .notFound:
            throw ObjectStoreError.notFound(key)
        case .rangeNotSatisfiable:
            throw ObjectStoreError.rangeNotSatisfiable(size: try await info(key)?.size ?? 0)
        case .ok, .partialContent:
            let size: Int64
            if response.status == .partialContent {
                // "bytes 70000-150000/200000": S3 serves a range that runs past the end shortened; the port refuses it.
                guard let total = response.headers.first(name: "content-range").flatMap({ $0.split(separator: "/").last }).flatMap({ Int64($0) }) else {
                    throw ObjectStoreError.unavailable("S3 answered GetObject \(key) with a range but no Content-Range")
                }
                size = total
            } else {
                size = response.headers.first(name: "content-length").flatMap(Int64.init) ?? 0
            }
            let span = range ?? 0..<size
            guard span.upperBound <= size else { throw ObjectStoreError.rangeNotSatisfiable(size: size) }
            return ObjectContent(size: size, range: span, chunks: ResponseChunks(body: response.body).stream())
        default:
            throw await client.failure(response, doing: "GetObject \(key)")
        }
    }

    public func delete(_ key: ObjectKey) async throws {
        let response = try await client.send(.DELETE, name: name(of: key), payloadHash: Self.emptyHash)
        if response.status == .notFound { return }
        try await client.check(response, doing: "DeleteObject \(key)")
    }

    public func list() async throws -> [StoredObject] {
        var stored: [StoredObject] = []
        var token: String?
        repeat {
            var query = [(name: "list-type", value: "2"), (name: "max-keys", value: String(configuration.listPageSize))]
            if !configuration.prefix.isEmpty { query.append((name: "prefix", value: configuration.prefix)) }
            if let token { query.append((name: "continuation-token", value: token)) }
            let response = try await client.send(.GET, name: nil, query: query, payloadHash: Self.emptyHash)
            try await client.check(response, doing: "ListObjectsV2 on bucket \(configuration.bucket)")
            let page = S3ListPage(document: String(buffer: try await response.body.collect(upTo: 16 << 20)), prefix: configuration.prefix)
            stored += page.objects
            token = page.nextToken
        } while token != nil
        return stored.sorted { $0.key < $1.key }
    }

    /// Lists one key of the bucket, so a wrong endpoint, bucket, region or credentials fail now with
    /// S3's own words (``ObjectStoreError/unavailable(_:)``) rather than on the first upload.
    public func checkAccess() async throws {
        let response = try await client.send(.GET, name: nil, query: [(name: "list-type", value: "2"), (name: "max-keys", value: "1")],
                                             payloadHash: Self.emptyHash)
        try await client.check(response, doing: "ListObjectsV2 on bucket \(configuration.bucket)")
        _ = try await response.body.collect(upTo: 1 << 20)
    }

    /// The S3 object name of a key.
    func name(of key: ObjectKey) -> String { configuration.prefix + key.sha256 }
}

/// One page of a ListObjectsV2 answer: the objects whose names are a prefix and a SHA-256 (others
/// sharing the bucket are ignored), and the token of the next page.
struct S3ListPage {
    var objects: [StoredObject] = []
    var nextToken: String?

    init(document: String, prefix: String) {
        for record in S3XML.elements("Contents", in: document) {
            let record = String(record)
            guard let name = S3XML.text("Key", in: record), name.hasPrefix(prefix),
                  let key = ObjectKey(sha256: String(name.dropFirst(prefix.count))),
                  let size = S3XML.text("Size", in: record).flatMap({ Int64($0) }) else { continue }
            let modified = S3XML.text("LastModified", in: record).flatMap(S3Dates.parseISO) ?? Date()
            objects.append(StoredObject(key: key, size: size, storedAt: modified))
        }
        nextToken = S3XML.text("IsTruncated", in: document) == "true" ? S3XML.text("NextContinuationToken", in: document) : nil
    }
}

/// A response body as the port's stream of byte arrays; transport failures become ``ObjectStoreError/unavailable(_:)``.
private final class ResponseChunks: @unchecked Sendable {
    // Only the stream's unfolding closure touches the iterator, and it runs one call at a time.
    private var iterator: HTTPClientResponse.Body.AsyncIterator

    init(body: HTTPClientResponse.Body) { iterator = body.makeAsyncIterator() }

    func stream() -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream(unfolding: { try await self.next() })
    }

    private func next() async throws -> [UInt8]? {
        do {
            return try await iterator.next().map { Array($0.readableBytesView) }
        } catch {
            throw ObjectStoreError.unavailable("the S3 download broke off (\(describe(error)))")
        }
    }
}

/// The two time formats S3 answers in.
enum S3Dates {
    /// RFC 1123 (`Last-Modified: Wed, 12 Oct 2009 17:50:00 GMT`).
    static func parseHTTP(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    /// ISO 8601 with or without fractional seconds (`2009-10-12T17:50:30.000Z`).
    static func parseISO(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: .iso8601))
    }
}
