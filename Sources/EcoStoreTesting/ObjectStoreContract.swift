import EcoStore
import Foundation

/// One promise of the ``ObjectStore`` port, checked against a fresh, empty object store. Every
/// object-store adapter (filesystem, S3-compatible) runs every case of ``all`` unchanged.
public struct ObjectStoreContractCase: Sendable, CustomStringConvertible {
    public let name: String
    public let check: @Sendable (any ObjectStore) async throws -> Void

    public init(_ name: String, _ check: @escaping @Sendable (any ObjectStore) async throws -> Void) {
        self.name = name
        self.check = check
    }

    public var description: String { "ObjectStore: \(name)" }
}

/// The ``ObjectStore`` contract.
public enum ObjectStoreContract {
    /// SHA-256 of "abc" (FIPS 180-2, appendix B.1).
    static let abcKey = ObjectKey(sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")!

    public static let all: [ObjectStoreContractCase] = [
        .init("an object is keyed by the SHA-256 of its bytes and reads back whole") { store in
            let stored = try await store.put(ObjectChunks(chunks: [Array("a".utf8), Array("bc".utf8)]), maxBytes: 10)
            try expectEqual(stored.key, abcKey, "key")
            try expectEqual(stored.size, 3, "size")
            try expectEqual(try await store.readAll(abcKey), Array("abc".utf8), "bytes")
            try expectEqual(try await store.info(abcKey)?.size, 3, "info size")
        },
        .init("the sweeper's delete removes an object stored before the cutoff and keeps one stored after it") { store in
            let stored = try await store.put(bytes: Array("abc".utf8))
            try expect(!(try await store.delete(abcKey, ifStoredBefore: stored.storedAt.addingTimeInterval(-60))), "a newer object is kept")
            try expectEqual(try await store.readAll(abcKey), Array("abc".utf8), "and still reads")
            try expect(try await store.delete(abcKey, ifStoredBefore: Date().addingTimeInterval(60)), "an older object is removed")
            try expect(try await store.info(abcKey) == nil, "and gone")
            try expect(!(try await store.delete(abcKey, ifStoredBefore: Date().addingTimeInterval(60))), "a missing object is not removed twice")
        },
        .init("storing the same bytes twice keeps one object") { store in
            _ = try await store.put(bytes: Array("abc".utf8))
            _ = try await store.put(bytes: Array("abc".utf8))
            try expectEqual(try await store.list().map(\.key), [abcKey], "listed keys")
        },
        .init("a body past the limit is refused and leaves nothing") { store in
            do {
                _ = try await store.put(ObjectChunks(chunks: [[UInt8](repeating: 7, count: 600), [UInt8](repeating: 7, count: 600)]), maxBytes: 1_000)
                try expect(false, "a 1,200-byte body was accepted under a 1,000-byte limit")
            } catch ObjectStoreError.tooLarge(let limit) {
                try expectEqual(limit, 1_000, "limit named")
            }
            try expectEqual(try await store.list().count, 0, "objects after a refused upload")
        },
        .init("a body that fails half-way leaves nothing") { store in
            struct Broken: Error {}
            let failing = AsyncThrowingStream<[UInt8], any Error> { continuation in
                continuation.yield([1, 2, 3])
                continuation.finish(throwing: Broken())
            }
            do {
                _ = try await store.put(failing, maxBytes: 100)
                try expect(false, "a failed body was stored")
            } catch is Broken {}
            try expectEqual(try await store.list().count, 0, "objects after a failed upload")
        },
        .init("a range reads exactly those bytes, and a range past the end is refused") { store in
            let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let key = try await store.put(bytes: bytes).key
            let content = try await store.read(key, range: 70_000..<150_001)
            var read: [UInt8] = []
            for try await chunk in content.chunks { read.append(contentsOf: chunk) }
            try expectEqual(read, Array(bytes[70_000..<150_001]), "range bytes")
            try expectEqual(content.size, 200_000, "whole size")
            do {
                _ = try await store.read(key, range: 199_000..<200_001)
                try expect(false, "a range past the end was served")
            } catch ObjectStoreError.rangeNotSatisfiable(let size) {
                try expectEqual(size, 200_000, "size named")
            }
        },
        .init("a missing object is not found, and deleting it twice is fine") { store in
            do {
                _ = try await store.read(abcKey, range: nil)
                try expect(false, "a missing object was read")
            } catch ObjectStoreError.notFound(let key) {
                try expectEqual(key, abcKey, "key named")
            }
            try expect(try await store.info(abcKey) == nil, "info of a missing object")
            _ = try await store.put(bytes: Array("abc".utf8))
            try await store.delete(abcKey)
            try await store.delete(abcKey)
            try expect(try await store.info(abcKey) == nil, "info after delete")
        },
        .init("an empty body is an object like any other") { store in
            let stored = try await store.put(bytes: [])
            try expectEqual(stored.key.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "empty key")
            try expectEqual(try await store.readAll(stored.key), [], "empty bytes")
        },
        .init("list answers every object in key order") { store in
            for text in ["one", "two", "three"] { _ = try await store.put(bytes: Array(text.utf8)) }
            let keys = try await store.list().map(\.key)
            try expectEqual(keys.count, 3, "count")
            try expectEqual(keys, keys.sorted(), "order")
        },
    ]
}
