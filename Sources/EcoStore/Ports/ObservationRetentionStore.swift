/// What one call of ``ObservationRetentionStore/pruneObservations(monthsEndingBy:maxRows:)`` removed.
public struct ObservationPruning: Sendable, Equatable {
    /// Observation rows deleted one by one (an adapter without partitions); 0 where whole partitions went.
    public var rows: Int
    /// Month partitions dropped whole (`y2024m01` …), each with its rollups; empty where rows were deleted.
    public var partitions: [String]
    /// True when nothing the cutoff covers is left; false when another call has more to remove.
    public var finished: Bool

    public init(rows: Int = 0, partitions: [String] = [], finished: Bool) {
        self.rows = rows
        self.partitions = partitions
        self.finished = finished
    }
}

/// Observation retention: whole UTC calendar months of observations, with their hourly and daily
/// rollups, removed once all of the month is older than a cutoff.
public protocol ObservationRetentionStore: Sendable {
    /// Removes the observations and rollups of every UTC month that ends at or before `cutoffMs` (a month the
    /// cutoff falls inside is kept whole). An adapter that deletes rows removes at most about `maxRows`
    /// observations per call, each batch committed on its own so writers are not held up; call again until
    /// `finished`. Series records and their latest values are kept.
    func pruneObservations(monthsEndingBy cutoffMs: Int64, maxRows: Int) async throws -> ObservationPruning
}
