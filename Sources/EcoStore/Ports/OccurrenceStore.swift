import EcoCore

/// Storage of biodiversity occurrence records (issue #7, species distribution).
///
/// A record is a duplicate of a stored one when it has the same `occurrenceID`, or, without an
/// `occurrenceID`, the same species, position and event time; duplicates are counted, not stored.
public protocol OccurrenceStore: Sendable {
    /// Stores new records in one transaction and skips duplicates.
    func insertOccurrences(_ occurrences: [Occurrence]) async throws -> OccurrenceInsertSummary
    /// Every species with its record counts, ordered by id.
    func species() async throws -> [SpeciesSummary]
    /// The records of one species with an event time in `window`, oldest first; at most `limit`.
    func occurrences(ofSpecies speciesId: String, window: TimeWindow, limit: Int) async throws -> [Occurrence]
}

/// What an occurrence insert did.
public struct OccurrenceInsertSummary: Sendable, Equatable {
    /// Records stored.
    public var inserted: Int
    /// Records skipped because they were already stored (or repeated in the batch).
    public var duplicates: Int

    public init(inserted: Int = 0, duplicates: Int = 0) {
        self.inserted = inserted
        self.duplicates = duplicates
    }
}
