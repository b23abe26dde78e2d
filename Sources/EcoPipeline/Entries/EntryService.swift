import EcoCore
import EcoStore
import Foundation
import Logging

/// Data entries with their files (issue #18), without HTTP: create (streamed into object storage,
/// checked as it passes), list, patch, delete, and reading files.
///
/// An upload stores the object first and then the entry; whatever fails, no entry is left behind. Objects are
/// never removed here: an object no entry references any more (the entry was deleted, or its upload failed after
/// storing it) is removed by the ``ObjectSweeper`` once the grace period has passed, which stays safe when several
/// processes share the store. The same file from the same source is stored once: the second upload is answered
/// with the first entry (`created` false).
public final class EntryService: Sendable {
    let entries: any EntryStore
    let objects: (any ObjectStore)?
    let events: any EventLog
    let clock: WallClock
    /// The largest file an entry may carry, in bytes.
    public let maxBytes: Int64
    let logger: Logger

    public init(entries: any EntryStore, objects: (any ObjectStore)?, events: any EventLog, clock: WallClock, maxBytes: Int64, logger: Logger) {
        self.entries = entries
        self.objects = objects
        self.events = events
        self.clock = clock
        self.maxBytes = maxBytes
        self.logger = logger
    }

    /// A file on its way in: what the client declared, and its bytes as they arrive.
    public struct Upload<Body: AsyncSequence & Sendable>: Sendable where Body.Element == [UInt8] {
        public var contentType: String
        public var fileName: String?
        public var body: Body

        public init(contentType: String, fileName: String?, body: Body) {
            self.contentType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            self.fileName = fileName.map { ($0 as NSString).lastPathComponent }.flatMap { $0.isEmpty ? nil : $0 }
            self.body = body
        }
    }

    /// Creates an entry of metadata alone.
    public func create(_ draft: EntryDraft, by actor: String) async throws -> (entry: Entry, created: Bool) {
        let entry = try draft.entry(id: Self.newID(), file: nil, contentType: nil, by: actor, atMs: clock.nowMs())
        let result = try await entries.createEntry(entry)
        await announce(result.entry)
        return result
    }

    /// Creates an entry with a file, streaming `upload.body` into object storage.
    /// - Throws: ``EntryUploadError`` for a refused file, ``EcoError/invalidArgument(_:)`` for bad fields.
    public func create<Body>(_ draft: EntryDraft, upload: Upload<Body>, by actor: String) async throws -> (entry: Entry, created: Bool) {
        guard let objects else { throw EntryUploadError.noObjectStorage }
        let now = clock.nowMs()
        // Fields are checked before a byte is read, so a bad request costs nothing to refuse.
        let checked = try draft.entry(id: Self.newID(), file: nil, contentType: upload.contentType, by: actor, atMs: now)
        guard checked.dataType.allowedContentTypes.contains(upload.contentType) else {
            throw EntryUploadError.unsupportedContentType(EntryDraft.unsupported(upload.contentType, for: checked.dataType))
        }
        let body = CheckedUploadBody(base: upload.body, contentType: upload.contentType)
        let result: (entry: Entry, created: Bool)
        do {
            // An object stored here whose entry then fails is left to the sweeper (another upload may be using the same bytes).
            let object = try await objects.put(body, maxBytes: maxBytes)
            var entry = checked
            entry.file = EntryFile(sha256: object.key.sha256, size: object.size, contentType: upload.contentType, fileName: upload.fileName)
            result = try await entries.createEntry(entry)
        } catch {
            if case let ObjectStoreError.tooLarge(limit) = error { throw EntryUploadError.tooLarge(limit: limit) }
            throw error
        }
        if result.created { await announce(result.entry) }
        return result
    }

    public func entry(id: String) async throws -> Entry {
        if let entry = try await entries.entry(id: id) { return entry }
        throw try await missing(id)
    }

    public func list(_ query: EntryQuery) async throws -> EntryPage {
        try await entries.entries(query)
    }

    /// Adds and removes tags (normalised), merges metadata, sets the label or processed flag.
    public func update(id: String, _ change: EntryChange) async throws -> Entry {
        var change = change
        change.addTags = try EntryTags.normalise(change.addTags)
        change.removeTags = try EntryTags.normalise(change.removeTags)
        if let entry = try await entries.updateEntry(id: id, change) { return entry }
        throw try await missing(id)
    }

    /// Deletes the entry (its file then answers "deleted" too); the object goes with the next sweep past the grace
    /// period when no other entry references it.
    public func delete(id: String, by actor: String) async throws -> Entry {
        guard let (entry, _) = try await entries.deleteEntry(id: id, by: actor, atMs: clock.nowMs()) else { throw try await missing(id) }
        return entry
    }

    /// The entry's file (a byte range of it, when asked).
    /// - Throws: ``EcoError/notFound(_:)`` saying whether the entry was deleted or never had a file.
    public func file(id: String, range: Range<Int64>?) async throws -> (entry: Entry, content: ObjectContent) {
        let entry = try await entry(id: id)
        guard let file = entry.file, let key = ObjectKey(sha256: file.sha256) else {
            throw EcoError.notFound("Entry \(id) has no file: it was created from metadata alone.")
        }
        guard let objects else { throw EntryUploadError.noObjectStorage }
        do {
            return (entry, try await objects.read(key, range: range))
        } catch ObjectStoreError.notFound {
            throw EcoError.storage("the file of entry \(id) (SHA-256 \(file.sha256)) is missing from object storage")
        }
    }

    // MARK: Helpers

    /// Not found, saying when and by whom the entry was deleted if it was.
    private func missing(_ id: String) async throws -> EcoError {
        if let tombstone = try await entries.deletedEntry(id: id) {
            return .notFound("Entry \(id) was deleted at \(Timestamp.format(ms: tombstone.deletedAtMs)) by \(tombstone.deletedBy); its file is gone with it.")
        }
        return .notFound("No entry has the id \(id); GET /api/v1/entries lists them.")
    }

    /// Appends "entry created" to the event log (classification hooks in there); a failure is logged, not thrown:
    /// the entry is stored.
    private func announce(_ entry: Entry) async {
        do {
            _ = try await events.appendEvents([NewEvent.entryCreated(entry)])
        } catch {
            logger.warning("could not append the entry-created event", metadata: ["entry.id": "\(entry.id)", "error": "\(error)"])
        }
    }

    static func newID() -> String { UUID().uuidString.lowercased() }
}
