import EcoObjectStorage
import EcoStore
import EcoStoreTesting
import Foundation
import Testing

@Suite("FileObjectStore")
struct FileObjectStoreTests {
    private static func freshStore() throws -> (FileObjectStore, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-objects-\(UUID().uuidString)")
        return (try FileObjectStore(root: root), root)
    }

    @Test("object-store contract", arguments: ObjectStoreContract.all)
    func contract(_ promise: ObjectStoreContractCase) async throws {
        let (store, root) = try Self.freshStore()
        defer { try? FileManager.default.removeItem(at: root) }
        try await promise.check(store)
    }

    @Test("an interrupted upload's leftover is swept when the store opens, and never listed")
    func leftoversAreSwept() async throws {
        let (store, root) = try Self.freshStore()
        defer { try? FileManager.default.removeItem(at: root) }
        let leftover = root.appendingPathComponent("incoming/half-written")
        try Data([1, 2, 3]).write(to: leftover)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: leftover.path)
        #expect(try await store.list().isEmpty)
        _ = try FileObjectStore(root: root)
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
    }

    @Test("putting stored bytes again refreshes their time, so the sweeper's delete keeps them")
    func putAgainRefreshes() async throws {
        let (store, root) = try Self.freshStore()
        defer { try? FileManager.default.removeItem(at: root) }
        let stored = try await store.put(bytes: Array("shared".utf8))
        let file = root.appendingPathComponent("objects/\(stored.key.sha256.prefix(2))/\(stored.key.sha256)")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: file.path)
        let cutoff = Date().addingTimeInterval(-3600)
        #expect(try await store.info(stored.key)!.storedAt < cutoff, "old before the second put")
        let again = try await store.put(bytes: Array("shared".utf8))
        #expect(again.storedAt >= cutoff, "the second put is a new store time")
        #expect(try await store.delete(stored.key, ifStoredBefore: cutoff) == false)
        #expect(try await store.readAll(stored.key) == Array("shared".utf8))
        #expect(try await store.list().count == 1, "nothing left aside in incoming/ or objects/")
        let incoming = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("incoming").path)
        #expect(incoming.isEmpty, "\(incoming)")
    }

    @Test("a sweep in one process racing an upload of the same bytes in another never leaves the upload without its object")
    func sweepRacingAnUpload() async throws {
        let (uploader, root) = try Self.freshStore()
        defer { try? FileManager.default.removeItem(at: root) }
        let sweeper = try FileObjectStore(root: root)  // a second process on the same directory
        var removed = 0
        for round in 0..<150 {
            let bytes = Array("round \(round) of the race".utf8)
            let stored = try await uploader.put(bytes: bytes)
            let file = root.appendingPathComponent("objects/\(stored.key.sha256.prefix(2))/\(stored.key.sha256)")
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: file.path)
            let cutoff = Date().addingTimeInterval(-3600)
            // Start the sweep a little later in some rounds, so that it also meets uploads that refreshed the object first.
            async let swept = { () async throws -> Bool in
                if round % 3 != 0 { try await Task.sleep(for: .microseconds(200 * (round % 5))) }
                return try await sweeper.delete(stored.key, ifStoredBefore: cutoff)
            }()
            async let again = uploader.put(bytes: bytes)
            let (wasSwept, answered) = try await (swept, again)
            if wasSwept { removed += 1 }
            #expect(answered.key == stored.key)
            #expect(try await uploader.readAll(stored.key) == bytes, "round \(round): the upload was answered, so its object must be there")
        }
        let incoming = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("incoming").path)
        #expect(incoming.isEmpty, "nothing left aside: \(incoming)")
        print("sweep/upload race: the sweep removed the old object first in \(removed) of 150 rounds")
    }

    @Test("the sweeper removes incoming leftovers older than the cutoff and keeps uploads in progress")
    func removeIncoming() async throws {
        let (store, root) = try Self.freshStore()
        defer { try? FileManager.default.removeItem(at: root) }
        let old = root.appendingPathComponent("incoming/crashed-upload"), fresh = root.appendingPathComponent("incoming/in-progress")
        try Data([1, 2, 3]).write(to: old)
        try Data([4, 5]).write(to: fresh)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: old.path)
        #expect(try await store.removeIncoming(olderThan: Date().addingTimeInterval(-3600)) == 1)
        #expect(!FileManager.default.fileExists(atPath: old.path) && FileManager.default.fileExists(atPath: fresh.path))
    }

    @Test("objects survive reopening the directory")
    func reopen() async throws {
        let (store, root) = try Self.freshStore()
        defer { try? FileManager.default.removeItem(at: root) }
        let stored = try await store.put(bytes: Array("kept".utf8))
        let reopened = try FileObjectStore(root: root)
        #expect(try await reopened.readAll(stored.key) == Array("kept".utf8))
    }

    @Test("concurrent uploads of the same bytes keep one complete object")
    func concurrentSameBytes() async throws {
        let (store, root) = try Self.freshStore()
        defer { try? FileManager.default.removeItem(at: root) }
        let bytes = [UInt8](repeating: 42, count: 300_000)
        let keys = try await withThrowingTaskGroup(of: ObjectKey.self) { group in
            for _ in 0..<8 { group.addTask { try await store.put(bytes: bytes).key } }
            return try await group.reduce(into: Set<ObjectKey>()) { $0.insert($1) }
        }
        #expect(keys.count == 1)
        #expect(try await store.list().map(\.size) == [300_000])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("incoming").path).isEmpty)
    }
}
