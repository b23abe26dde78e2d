/// One species known from its occurrence records.
public struct SpeciesSummary: Sendable, Equatable {
    /// URL-safe id, e.g. `quercus-robur`.
    public var id: String
    /// Canonical scientific name, e.g. `Quercus robur`.
    public var scientificName: String
    /// Records of presence.
    public var presences: Int
    /// Records of absence (`occurrenceStatus` = absent).
    public var absences: Int
    /// Earliest and latest event time, ms since the epoch.
    public var firstObservedAtMs: Int64
    public var lastObservedAtMs: Int64

    public init(id: String, scientificName: String, presences: Int, absences: Int, firstObservedAtMs: Int64, lastObservedAtMs: Int64) {
        self.id = id
        self.scientificName = scientificName
        self.presences = presences
        self.absences = absences
        self.firstObservedAtMs = firstObservedAtMs
        self.lastObservedAtMs = lastObservedAtMs
    }
}
