import EcoCore
import EcoStore
import Foundation

/// The promises of ``EntryStore``: whole round trips, deduplication by source and file, every filter,
/// keyset pages, patches, and deletion with tombstones and reference counts.
enum EntryContract {
    static let hashA = String(repeating: "a", count: 64)
    static let hashB = String(repeating: "b", count: 64)

    static func entry(_ id: String, type: EntryDataType = .image, source: String = "buoy-1", t: Int64 = 1_000, lat: Double? = 43.3, lng: Double? = 5.4,
                      tags: [String] = [], hash: String? = nil, processed: Bool = false, label: String? = nil) -> Entry {
        Entry(id: id, dataType: type, source: source, timeMs: t, lat: lat, lng: lng, metadata: ["depth": .number(2.5), "crew": .string("north")],
              tags: tags, file: hash.map { EntryFile(sha256: $0, size: 1234, contentType: "image/jpeg", fileName: "\(id).jpg") },
              processed: processed, label: label, createdBy: "user-1", createdAtMs: 5_000)
    }

    static func ids(_ store: any EcoStore, _ configure: (inout EntryQuery) -> Void) async throws -> [String] {
        var query = EntryQuery(limit: 100)
        configure(&query)
        return try await store.entries(query).entries.map(\.id)
    }

    static let cases: [ContractCase] = [
        ContractCase("EntryStore", "an entry comes back whole and the same file from the same source is answered, not stored twice") { subject in
            let store = subject.store
            let first = entry("e1", tags: ["plastic", "reef"], hash: hashA, label: "debris")
            let created = try await store.createEntry(first)
            try expect(created.created && created.entry == first, "first create stores the entry")
            try expectEqual(try await store.entry(id: "e1"), first, "read back")
            let again = try await store.createEntry(entry("e2", hash: hashA))
            try expect(!again.created && again.entry.id == "e1", "same source and hash answer the stored entry, got \(again)")
            try expect(try await store.entry(id: "e2") == nil, "the duplicate is not stored")
            let otherSource = try await store.createEntry(entry("e3", source: "buoy-2", hash: hashA))
            try expect(otherSource.created, "another source's copy is its own entry")
            let bare = entry("e4", lat: nil, lng: nil)
            try expect(try await store.createEntry(bare).created, "an entry without a file or position is stored")
            try expect(try await store.createEntry(entry("e5")).created, "entries without a file are never duplicates")
            try expectEqual(try await store.entry(id: "e4"), bare, "an entry without file or position reads back")
            try expectEqual(try await store.entryReferences(sha256: hashA), 2, "references of the shared file")
            try await subject.reopen()
            try expectEqual(try await subject.store.entry(id: "e1"), first, "after reopening")
        },
        ContractCase("EntryStore", "every filter narrows the listing and a tag nothing carries gives an empty page") { subject in
            let store = subject.store
            _ = try await store.createEntry(entry("img", t: 100, tags: ["plastic", "reef"], hash: hashA, label: "debris"))
            _ = try await store.createEntry(entry("vid", type: .video, source: "drone", t: 200, lat: -33.9, lng: 151.2, tags: ["reef"], hash: hashB))
            _ = try await store.createEntry(entry("doc", type: .document, t: 300, lat: nil, lng: nil, tags: ["plastic"], processed: true))
            try expectEqual(try await ids(store) { _ in }, ["doc", "vid", "img"], "newest first")
            try expectEqual(try await ids(store) { $0.dataTypes = [.image, .video] }, ["vid", "img"], "types")
            try expectEqual(try await ids(store) { $0.sources = ["drone"] }, ["vid"], "source")
            try expectEqual(try await ids(store) { $0.tagsAll = ["plastic", "reef"] }, ["img"], "all tags")
            try expectEqual(try await ids(store) { $0.tagsAny = ["plastic", "reef"] }, ["doc", "vid", "img"], "any tag")
            try expectEqual(try await ids(store) { $0.tagsAny = ["nothing-has-this"] }, [], "unknown tag")
            try expectEqual(try await ids(store) { $0.tagsAll = ["plastic", "nothing-has-this"] }, [], "all with an unknown tag")
            try expectEqual(try await ids(store) { $0.fromMs = 150; $0.toMs = 300 }, ["vid"], "time range [from, to)")
            let marseille = BoundingBox(west: 5, south: 43, east: 6, north: 44)
            try expectEqual(try await ids(store) { $0.cellRanges = Spatial.ranges(covering: marseille); $0.boundingBox = marseille }, ["img"], "bbox")
            let cell = Spatial.parent(of: Spatial.cell15(lat: -33.9, lng: 151.2), resolution: 7)
            try expectEqual(try await ids(store) { $0.cellRanges = [Spatial.range15(of: cell)] }, ["vid"], "H3 cell")
            try expectEqual(try await ids(store) { $0.processed = true }, ["doc"], "processed")
            try expectEqual(try await ids(store) { $0.processed = false }, ["vid", "img"], "not processed")
            try expectEqual(try await ids(store) { $0.label = "debris" }, ["img"], "label")
            try expectEqual(try await ids(store) { $0.sha256 = hashB }, ["vid"], "hash")
            try expectEqual(try await ids(store) { $0.sources = ["buoy-1"]; $0.tagsAny = ["reef"] }, ["img"], "filters combine")
        },
        ContractCase("EntryStore", "keyset pages walk every entry once, newest first") { subject in
            let store = subject.store
            for index in 0..<7 { _ = try await store.createEntry(entry("p\(index)", t: Int64(index))) }
            var seen: [String] = []
            var query = EntryQuery(limit: 3)
            var pages = 0
            while true {
                let page = try await store.entries(query)
                seen += page.entries.map(\.id)
                pages += 1
                guard let cursor = page.nextCursor else { break }
                query.before = cursor
            }
            try expectEqual(seen, (0..<7).reversed().map { "p\($0)" }, "entries over all pages")
            try expectEqual(pages, 3, "pages of 3, 3 and 1")
        },
        ContractCase("EntryStore", "a patch adds and removes tags and merges metadata in place") { subject in
            let store = subject.store
            _ = try await store.createEntry(entry("e1", tags: ["plastic", "reef"]))
            let change = EntryChange(addTags: ["bloom"], removeTags: ["reef"], metadata: ["crew": .null, "weather": .object(["wind": .number(12)])],
                                     label: .some("algae"), processed: true)
            let updated = try unwrap(try await store.updateEntry(id: "e1", change), "updated entry")
            try expectEqual(updated.tags, ["bloom", "plastic"], "tags")
            try expectEqual(updated.metadata, ["depth": .number(2.5), "weather": .object(["wind": .number(12)])], "metadata")
            try expect(updated.label == "algae" && updated.processed, "label and processed")
            try expectEqual(try await store.entry(id: "e1"), updated, "the stored entry")
            try expectEqual(try await ids(store) { $0.tagsAny = ["reef"] }, [], "a removed tag no longer matches")
            try expectEqual(try await ids(store) { $0.tagsAll = ["bloom"] }, ["e1"], "an added tag matches")
            try expect(try await store.updateEntry(id: "missing", change) == nil, "patching a missing entry answers nil")
        },
        ContractCase("EntryStore", "deleting leaves a tombstone and counts the file's remaining references") { subject in
            let store = subject.store
            _ = try await store.createEntry(entry("e1", tags: ["reef"], hash: hashA))
            _ = try await store.createEntry(entry("e2", source: "buoy-2", hash: hashA))
            let first = try unwrap(try await store.deleteEntry(id: "e1", by: "user-9", atMs: 9_000), "first deletion")
            try expect(first.entry.id == "e1" && first.remainingReferences == 1, "one entry still references the file, got \(first.remainingReferences)")
            try expect(try await store.entry(id: "e1") == nil, "the entry is gone")
            try expectEqual(try await ids(store) { $0.tagsAny = ["reef"] }, [], "its tags are gone")
            try expectEqual(try await store.deletedEntry(id: "e1"), EntryTombstone(id: "e1", deletedAtMs: 9_000, deletedBy: "user-9"), "tombstone")
            try expect(try await store.deletedEntry(id: "e2") == nil, "a live entry has no tombstone")
            let second = try unwrap(try await store.deleteEntry(id: "e2", by: "user-9", atMs: 9_500), "second deletion")
            try expectEqual(second.remainingReferences, 0, "no entry references the file any more")
            try expect(try await store.deleteEntry(id: "e2", by: "user-9", atMs: 9_600) == nil, "deleting twice answers nil")
            // The same file may come back from the same source after its entry was deleted.
            try expect(try await store.createEntry(entry("e3", hash: hashA)).created, "re-upload after deletion")
        },
        ContractCase("EntryStore", "an enrichment is recorded, replaced, read back after reopening and filtered on by llm tag") { subject in
            let store = subject.store
            _ = try await store.createEntry(entry("e1", tags: ["reef"], hash: hashA, label: "debris"))
            _ = try await store.createEntry(entry("e2", hash: hashB))
            try expect(try await store.entry(id: "e1")?.enrichment == nil, "no enrichment before one is recorded")
            let failed = EntryEnrichment(status: .failed, model: "vision-1", attempts: 3, error: "HTTP 503 three times", atMs: 7_000)
            try expectEqual(try await store.recordEnrichment(id: "e2", failed)?.enrichment, failed, "a failure is recorded with its reason")
            let done = EntryEnrichment(status: .enriched, tags: ["plastic-bottle", "sand"], description: "A bottle on a beach.", model: "vision-1",
                                       attempts: 2, atMs: 8_000)
            let updated = try unwrap(try await store.recordEnrichment(id: "e1", done), "enriched entry")
            try expect(updated.enrichment == done && updated.tags == ["reef"] && updated.label == "debris", "own tags and label stay, got \(updated)")
            try expectEqual(try await ids(store) { $0.llmTags = ["plastic-bottle"] }, ["e1"], "llm tag filter")
            try expectEqual(try await ids(store) { $0.llmTags = ["plastic-bottle", "sand"] }, ["e1"], "every llm tag")
            try expectEqual(try await ids(store) { $0.llmTags = ["plastic-bottle", "kelp"] }, [], "an llm tag the entry lacks")
            try expectEqual(try await ids(store) { $0.llmTags = ["reef"] }, [], "own tags are not llm tags")
            let retried = EntryEnrichment(status: .enriched, tags: ["kelp"], description: "Kelp.", model: "vision-2", attempts: 1, atMs: 9_000)
            _ = try await store.recordEnrichment(id: "e2", retried)
            try expect(try await store.recordEnrichment(id: "missing", done) == nil, "a missing entry answers nil")
            try await subject.reopen()
            try expectEqual(try await subject.store.entry(id: "e1")?.enrichment, done, "after reopening")
            try expectEqual(try await subject.store.entry(id: "e2")?.enrichment, retried, "a later enrichment replaces the earlier")
        },
    ]
}
