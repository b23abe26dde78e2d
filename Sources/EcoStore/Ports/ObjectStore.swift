import Foundation

/// Content-addressed storage of whole files: uploaded entries' images and payloads, model artefacts
/// and training checkpoints (issue #18). A filesystem adapter is the default; an S3-compatible one
/// serves when configured. Objects are immutable: the key is the SHA-256 of the bytes, so storing
/// the same bytes twice keeps one object.
public protocol ObjectStore: Sendable {
    /// Streams `body` into storage and answers its key and size. The object becomes readable only
    /// once every byte is durable; when `body` fails, or grows past `maxBytes`
    /// (``ObjectStoreError/tooLarge(limit:)``), nothing is left behind. Storing bytes that are
    /// already stored answers the existing object.
    func put(_ body: some AsyncSequence<[UInt8], any Error> & Sendable, maxBytes: Int64) async throws -> StoredObject

    /// The object's size and storage time, or nil when there is no such object.
    func info(_ key: ObjectKey) async throws -> StoredObject?

    /// The object's bytes in `range` (all of them when nil), in chunks. Throws
    /// ``ObjectStoreError/notFound(_:)`` when there is no such object, and
    /// ``ObjectStoreError/rangeNotSatisfiable(size:)`` when `range` reaches past its end.
    func read(_ key: ObjectKey, range: Range<Int64>?) async throws -> ObjectContent

    /// Removes the object; removing a missing object is not an error.
    func delete(_ key: ObjectKey) async throws

    /// Removes the object only if it was last stored before `cutoff` (``StoredObject/storedAt``: a `put` of bytes
    /// already stored counts as storing them again); answers whether it removed it. The sweeper's delete: an upload
    /// that has just put the same bytes keeps them. The default reads ``info(_:)`` and then deletes, so a `put` landing
    /// between the two is lost; adapters that can do better (the filesystem store) do.
    func delete(_ key: ObjectKey, ifStoredBefore cutoff: Date) async throws -> Bool

    /// Removes what interrupted uploads left behind (temporary files older than `cutoff`) and answers how many;
    /// adapters whose partial uploads never outlive the request answer 0.
    func removeIncoming(olderThan cutoff: Date) async throws -> Int

    /// Every stored object, in key order (for sweeping objects no record references any more).
    func list() async throws -> [StoredObject]
}

extension ObjectStore {
    public func delete(_ key: ObjectKey, ifStoredBefore cutoff: Date) async throws -> Bool {
        guard let object = try await info(key), object.storedAt < cutoff else { return false }
        try await delete(key)
        return true
    }

    public func removeIncoming(olderThan cutoff: Date) async throws -> Int { 0 }

    /// Stores bytes already in memory (small payloads, model artefacts).
    public func put(bytes: [UInt8], maxBytes: Int64 = .max) async throws -> StoredObject {
        try await put(ObjectChunks(chunks: [bytes]), maxBytes: maxBytes)
    }

    /// Reads a whole object into memory; meant for artefacts, not for user uploads.
    public func readAll(_ key: ObjectKey) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in try await read(key, range: nil).chunks { bytes.append(contentsOf: chunk) }
        return bytes
    }
}

/// An object's identity: the lowercase hexadecimal SHA-256 of its bytes.
public struct ObjectKey: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// 64 lowercase hexadecimal digits.
    public let sha256: String

    /// Nil unless `hex` is 64 hexadecimal digits (upper case is folded to lower).
    public init?(sha256 hex: String) {
        let lower = hex.lowercased()
        guard lower.utf8.count == 64, lower.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        sha256 = lower
    }

    public var description: String { sha256 }
    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool { lhs.sha256 < rhs.sha256 }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let key = ObjectKey(sha256: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a SHA-256 hex digest: \(text)"))
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(sha256)
    }
}

/// A stored object: its key, size in bytes and when it was last stored (first stored, or put again since).
public struct StoredObject: Sendable, Equatable {
    public var key: ObjectKey
    public var size: Int64
    public var storedAt: Date

    public init(key: ObjectKey, size: Int64, storedAt: Date) {
        self.key = key
        self.size = size
        self.storedAt = storedAt
    }
}

/// The bytes of (a range of) an object, streamed in chunks.
public struct ObjectContent: Sendable {
    /// The whole object's size.
    public var size: Int64
    /// The range being read (the whole object when no range was asked).
    public var range: Range<Int64>
    public var chunks: AsyncThrowingStream<[UInt8], any Error>

    public init(size: Int64, range: Range<Int64>, chunks: AsyncThrowingStream<[UInt8], any Error>) {
        self.size = size
        self.range = range
        self.chunks = chunks
    }
}

/// Failures of an object store a caller can act on.
public enum ObjectStoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The body grew past the limit; nothing was stored.
    case tooLarge(limit: Int64)
    case notFound(ObjectKey)
    /// The asked range starts or ends past the object's `size`.
    case rangeNotSatisfiable(size: Int64)
    /// The storage itself failed (disk full, S3 unreachable …), with its own words.
    case unavailable(String)

    public var description: String {
        switch self {
        case let .tooLarge(limit): "The upload is larger than the \(limit)-byte limit; nothing was stored. Split the file or ask an administrator to raise the limit."
        case let .notFound(key): "No stored object has the SHA-256 \(key)."
        case let .rangeNotSatisfiable(size): "The requested byte range lies outside the object's \(size) bytes."
        case let .unavailable(reason): "The object storage failed: \(reason)"
        }
    }
}

/// A fixed list of chunks as an async sequence (bodies already in memory, tests).
public struct ObjectChunks: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    public typealias Failure = any Error
    public let chunks: [[UInt8]]

    public init(chunks: [[UInt8]]) { self.chunks = chunks }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: IndexingIterator<[[UInt8]]>
        public mutating func next() async throws -> [UInt8]? { remaining.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks.makeIterator()) }
}
