import EcoCore
import EcoObjectStorage
@testable import EcoPipeline
import EcoStore
import EcoStoreSQLite
import Foundation
import Logging
import Testing

/// Issue #18: the entry service keeps the object store and the entry table in step — on failures, and
/// when a deletion and an upload of the same bytes race.
@Suite struct EntryServiceTests {
    static func jpeg(_ count: Int, seed: UInt8 = 0) -> [UInt8] { [0xFF, 0xD8, 0xFF, 0xE0] + (0..<count).map { UInt8(truncatingIfNeeded: $0 &+ Int(seed)) } }

    static func withService(entries: ((SQLiteStore) -> any EntryStore)? = nil, maxBytes: Int64 = 1 << 20,
                            _ body: (EntryService, SQLiteStore, FileObjectStore) async throws -> Void) async throws {
        let store = try SQLiteStore.temporary()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-entry-service-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let objects = try FileObjectStore(root: root)
        let service = EntryService(entries: entries?(store) ?? store, objects: objects, events: store, clock: .system, maxBytes: maxBytes,
                                   logger: Logger(label: "test"))
        do { try await body(service, store, objects) } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    static func upload(_ bytes: [UInt8], chunk: Int = 1000, contentType: String = "image/jpeg") -> EntryService.Upload<ObjectChunks> {
        let chunks = stride(from: 0, to: bytes.count, by: chunk).map { Array(bytes[$0..<min($0 + chunk, bytes.count)]) }
        return EntryService.Upload(contentType: contentType, fileName: "dir/photo.jpg", body: ObjectChunks(chunks: chunks))
    }

    @Test func anUploadAndTheDeletionOfTheSameBytesNeverLeaveAnEntryWithoutItsFile() async throws {
        try await Self.withService { service, store, objects in
            for round in 0..<40 {
                let bytes = Self.jpeg(20_000, seed: UInt8(round))
                let first = try await service.create(EntryDraft(dataType: "image", source: "a"), upload: Self.upload(bytes), by: "u").entry
                async let deleted = service.delete(id: first.id, by: "u")
                async let second = service.create(EntryDraft(dataType: "image", source: "b"), upload: Self.upload(bytes), by: "u")
                let (_, survivor) = try await (deleted, second)
                let (_, content) = try await service.file(id: survivor.entry.id, range: nil)
                var read: [UInt8] = []
                for try await chunk in content.chunks { read += chunk }
                #expect(read == bytes, "round \(round): the surviving entry's file is whole")
                _ = try await service.delete(id: survivor.entry.id, by: "u")
            }
            #expect(try await objects.list().count == 40, "deletions leave objects to the sweeper")
            #expect(try await Self.sweeper(objects, store, hoursLater: 2).sweep() == .init(objects: 40, incoming: 0))
            #expect(try await objects.list().isEmpty)
        }
    }

    @Test func anObjectWhoseEntryFailedIsSweptAfterTheGracePeriod() async throws {
        try await Self.withService(entries: { FailingCreates(base: $0) }) { service, store, objects in
            await #expect(throws: EcoError.self) {
                try await service.create(EntryDraft(dataType: "image", source: "a"), upload: Self.upload(Self.jpeg(5_000)), by: "u")
            }
            let stored = try await store.entries(EntryQuery()).entries
            #expect(stored.isEmpty, "no entry")
            #expect(try await objects.list().count == 1, "the orphan stays through the grace period")
            #expect(try await Self.sweeper(objects, store, hoursLater: 0).sweep().objects == 0)
            #expect(try await Self.sweeper(objects, store, hoursLater: 2).sweep().objects == 1)
            #expect(try await objects.list().isEmpty)
        }
    }

    /// A sweeper with a one-hour grace period, as if run `hoursLater`.
    static func sweeper(_ objects: FileObjectStore, _ store: SQLiteStore, hoursLater: Int64) -> ObjectSweeper {
        let later = Int64(Date().timeIntervalSince1970 * 1000) + hoursLater * 3_600_000
        return ObjectSweeper(objects: objects, references: [{ try await store.entryReferences(sha256: $0) }], grace: .seconds(3600),
                             interval: .seconds(3600), metrics: EcoMetrics(), clock: WallClock { later }, logger: Logger(label: "test"))
    }

    @Test func bytesThatBetrayTheirTypeOrOutgrowTheLimitAreNotStored() async throws {
        try await Self.withService(maxBytes: 10_000) { service, store, objects in
            let png = EntryService.Upload(contentType: "image/png", fileName: nil, body: ObjectChunks(chunks: [[0xFF], [0xD8, 0xFF], Array(repeating: 1, count: 50)]))
            await #expect(throws: EntryUploadError.self) { try await service.create(EntryDraft(dataType: "image", source: "a"), upload: png, by: "u") }
            await #expect(throws: EntryUploadError.tooLarge(limit: 10_000)) {
                try await service.create(EntryDraft(dataType: "image", source: "a"), upload: Self.upload(Self.jpeg(20_000)), by: "u")
            }
            let (left, stored) = (try await objects.list(), try await store.entries(EntryQuery()).entries)
            #expect(left.isEmpty && stored.isEmpty)
        }
    }

    @Test func theContentSnifferKnowsTheSignatures() {
        #expect(ContentSniffer.detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == "image/png")
        #expect(ContentSniffer.detect([0xFF, 0xD8, 0xFF, 0xDB]) == "image/jpeg")
        #expect(ContentSniffer.detect(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == "image/webp")
        #expect(ContentSniffer.detect([0, 0, 0, 0x18] + Array("ftypmp42".utf8)) == "video/mp4")
        #expect(ContentSniffer.mismatch([0xFF, 0xD8, 0xFF], declared: "image/jpeg") == nil)
        #expect(ContentSniffer.mismatch([0xFF, 0xD8, 0xFF], declared: "image/png") != nil)
        #expect(ContentSniffer.mismatch(Array("a,b\n1,2".utf8), declared: "text/csv") == nil)
        #expect(ContentSniffer.mismatch([0xFF, 0xD8, 0xFF], declared: "text/csv")?.contains("image/jpeg") == true)
    }
}

/// An entry store whose creates fail after the object is stored (a database gone away).
struct FailingCreates: EntryStore {
    let base: SQLiteStore
    func createEntry(_ entry: Entry) async throws -> (entry: Entry, created: Bool) { throw EcoError.storage("disk full (test)") }
    func entry(id: String) async throws -> Entry? { try await base.entry(id: id) }
    func entries(_ query: EntryQuery) async throws -> EntryPage { try await base.entries(query) }
    func updateEntry(id: String, _ change: EntryChange) async throws -> Entry? { try await base.updateEntry(id: id, change) }
    func deleteEntry(id: String, by actor: String, atMs: Int64) async throws -> (entry: Entry, remainingReferences: Int)? {
        try await base.deleteEntry(id: id, by: actor, atMs: atMs)
    }
    func deletedEntry(id: String) async throws -> EntryTombstone? { try await base.deletedEntry(id: id) }
    func entryReferences(sha256: String) async throws -> Int { try await base.entryReferences(sha256: sha256) }
    func recordEnrichment(id: String, _ enrichment: EntryEnrichment) async throws -> Entry? { try await base.recordEnrichment(id: id, enrichment) }
}
