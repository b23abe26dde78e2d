import EcoCore
import EcoStore
import Foundation

// Observation retention without partitions: the rows of whole months before the cutoff are deleted series by
// series, at most `maxRows` per call in one writer transaction, so ingest waits for one bounded batch at a time.
extension SQLiteStore {
    public func pruneObservations(monthsEndingBy cutoffMs: Int64, maxRows: Int) async throws -> ObservationPruning {
        let boundary = Self.monthStart(containing: cutoffMs)
        let budget = max(1, maxRows)
        try await mergeStagedObservations()
        return try await writer.submit { db in
            let ids = try db.statement("SELECT id FROM series ORDER BY id")
            var series: [Int64] = []
            while try ids.step() { series.append(ids.int64(0)) }
            ids.reset()
            // Through the primary key (series_id, t): each series' old rows are a range at its start.
            let observations = try db.statement("""
                DELETE FROM observations WHERE series_id = ?1 AND t IN (SELECT t FROM observations WHERE series_id = ?1 AND t < ?2 ORDER BY t LIMIT ?3)
                """)
            let hours = try db.statement("DELETE FROM rollup_hour WHERE series_id = ?1 AND bucket < ?2")
            let days = try db.statement("DELETE FROM rollup_day WHERE series_id = ?1 AND bucket < ?2")
            var deleted = 0
            for id in series {
                let room = budget - deleted
                guard room > 0 else { return (ObservationPruning(rows: deleted, finished: false), afterCommit: nil) }
                observations.reset()
                observations.bind(1, id).bind(2, boundary).bind(3, Int64(room))
                try observations.run()
                deleted += db.changes
                // The series' old rows are gone once fewer than asked were deleted: its old buckets go too.
                if deleted < budget {
                    for rollup in [hours, days] {
                        rollup.reset()
                        rollup.bind(1, id).bind(2, boundary)
                        try rollup.run()
                    }
                }
            }
            return (ObservationPruning(rows: deleted, finished: deleted < budget), afterCommit: nil)
        }
    }

    /// The start of the UTC calendar month containing `ms`.
    static func monthStart(containing ms: Int64) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: (Double(ms) / 1000).rounded(.down))
        let start = calendar.date(from: calendar.dateComponents([.year, .month], from: date))!
        return Int64((start.timeIntervalSince1970 * 1000).rounded())
    }
}
