import EcoCore
import EcoStore

/// The promises of ``ObservationRetentionStore``: whole months before the cutoff go with their rollups, the month
/// the cutoff falls in stays whole, row-deleting adapters work in bounded batches, and the store takes new rows after.
enum ObservationRetentionContract {
    static let january2020: Int64 = 1_577_836_800_000
    static let february2020: Int64 = 1_580_515_200_000
    static let march2020: Int64 = 1_583_020_800_000

    /// Two stations, 20 half-hourly points each (dense enough for hourly rollups) from `start`.
    static func month(_ start: Int64) -> [Observation] {
        ["a", "b"].flatMap { station in (0..<20).map { Fixture.observation(station, cell: 10, t: start + Int64($0) * 1_800_000, Double($0)) } }
    }

    static let cases: [ContractCase] = [
        ContractCase("ObservationRetentionStore", "months ending by the cutoff go whole with their rollups, in bounded batches") { subject in
            let store = subject.store
            _ = try await store.insert(month(january2020) + month(february2020))
            let ids = try await store.series(matching: SeriesFilter()).map(\.id)
            try expect(ids.count == 2, "two series")
            // The cutoff falls inside February: January goes, February stays whole.
            var rows = 0, partitions: [String] = [], calls = 0, finished = false
            while !finished && calls < 50 {
                let pruning = try await store.pruneObservations(monthsEndingBy: february2020 + 10 * 86_400_000, maxRows: 15)
                rows += pruning.rows
                partitions += pruning.partitions
                finished = pruning.finished
                calls += 1
            }
            try expect(finished, "pruning finishes")
            // Rows deleted in batches of at most 15 (three calls at least), or the month's partition dropped whole.
            try expect((rows == 40 && calls >= 3 && partitions.isEmpty) || (rows == 0 && partitions == ["y2020m01"]),
                       "removed \(rows) rows in \(calls) calls, partitions \(partitions)")
            let left = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 100)
            try expect(left.count == 40 && left.allSatisfy { $0.observedAtMs >= february2020 }, "February's rows are kept")
            let januaryStats = try await store.aggregates(of: ids, window: TimeWindow(startMs: january2020, endMs: february2020))
            try expect(januaryStats.values.allSatisfy { $0.count == 0 }, "January's rollups are gone: \(januaryStats)")
            let februaryStats = try await store.aggregates(of: ids, window: TimeWindow(startMs: february2020, endMs: march2020))
            try expect(ids.allSatisfy { februaryStats[$0]?.count == 20 }, "February's rollups are kept: \(februaryStats)")

            let again = try await store.pruneObservations(monthsEndingBy: february2020 + 10 * 86_400_000, maxRows: 15)
            try expect(again == ObservationPruning(finished: true), "nothing left to remove: \(again)")
            // A late point in the removed month is stored again.
            _ = try await store.insert([Fixture.observation("a", cell: 10, t: january2020 + 3_600_000, 7)])
            let late = try await store.aggregates(of: ids, window: TimeWindow(startMs: january2020, endMs: february2020))
            try expect(late.values.map(\.count).reduce(0, +) == 1, "a late January point: \(late)")
        },
        ContractCase("ObservationRetentionStore", "a cutoff at a month's start keeps that month") { subject in
            let store = subject.store
            _ = try await store.insert(month(january2020) + month(february2020))
            _ = try await store.pruneObservations(monthsEndingBy: february2020 - 1, maxRows: 1_000)
            try expect(try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 100).count == 80, "January ends after the cutoff")
            let pruning = try await store.pruneObservations(monthsEndingBy: february2020, maxRows: 1_000)
            try expect(pruning.finished && (pruning.rows == 40 || pruning.partitions == ["y2020m01"]), "\(pruning)")
            try expect(try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 100).count == 40, "January went")
        },
    ]
}
