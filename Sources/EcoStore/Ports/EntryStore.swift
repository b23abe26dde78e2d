import EcoCore

/// Storage of data entries (issue #18). The files themselves live in an ``ObjectStore``; this port
/// keeps each entry's record, its tags, and which entries reference which object, so that an object is
/// collected only when no entry references it any more.
public protocol EntryStore: Sendable {
    /// Stores `entry`, in one transaction, unless an entry of the same source already has the same file
    /// (same SHA-256): then answers that one, and `created` is false. Entries without a file are always new.
    func createEntry(_ entry: Entry) async throws -> (entry: Entry, created: Bool)
    func entry(id: String) async throws -> Entry?
    /// The entries matching `query`, newest first (by insertion), at most `query.limit`, with the cursor of the next page.
    func entries(_ query: EntryQuery) async throws -> EntryPage
    /// Applies `change` to the entry in one transaction and answers the result; nil when there is no such entry.
    func updateEntry(id: String, _ change: EntryChange) async throws -> Entry?
    /// Deletes the entry and leaves a tombstone, in one transaction; answers the deleted entry and how many
    /// entries still reference its file afterwards (0: the object may be collected). Nil when there is no such entry.
    func deleteEntry(id: String, by actor: String, atMs: Int64) async throws -> (entry: Entry, remainingReferences: Int)?
    /// The tombstone of a deleted entry; nil for an id never deleted.
    func deletedEntry(id: String) async throws -> EntryTombstone?
    /// How many entries reference the file with this SHA-256.
    func entryReferences(sha256: String) async throws -> Int
    /// Writes the entry's enrichment (replacing any before it) and answers the entry; nil when there is no such
    /// entry (it was deleted meanwhile). Tags, label and metadata are left as they are.
    func recordEnrichment(id: String, _ enrichment: EntryEnrichment) async throws -> Entry?
}
