import EcoCarbon
import EcoCore
import EcoStore

/// Estimates of the fields stored activities were sent without (EcoCarbon's `LoadEstimator`), made
/// whenever activities are accounted and never stored: the record keeps what was sent, and the
/// estimate is gone as soon as a record with the field replaces it (same client id).
struct CarbonFieldEstimation: Sendable {
    let store: any CarbonStore
    /// The estimator learns from at least this much of the organization's history before the window's end.
    static let historyMs: Int64 = 90 * 86_400_000

    /// Estimates for the rows of `table` (the organization's activities in [fromMs, toMs)) with a missing
    /// field, learnt from the organization's measured activities of the window, or of the 90 days up to
    /// its end when the window is shorter. Only the organization's own suppliers are learnt from.
    func estimate(_ table: ActivityTable, organization: String, fromMs: Int64, toMs: Int64) async throws -> [FieldEstimate] {
        guard !LoadEstimator.missingRows(table).isEmpty else { return [] }
        var history: ActivityTable?
        if toMs - fromMs < Self.historyMs {
            let records = try await store.carbonActivities(CarbonActivityQuery(organization: organization, fromMs: toMs - Self.historyMs, toMs: toMs))
            history = Self.table(records).table
        }
        return LoadEstimator().estimate(table, learningFrom: history)
    }

    /// The table of the records this version can read, and those records (row k is `kept[k]`).
    static func table(_ records: [CarbonActivityRecord]) -> (table: ActivityTable, kept: [CarbonActivityRecord]) {
        var table = ActivityTable()
        table.reserveCapacity(records.count)
        var kept: [CarbonActivityRecord] = []
        kept.reserveCapacity(records.count)
        for record in records {
            guard let activity = ActivityRecordMapping.activity(record) else { continue }
            table.append(activity)
            kept.append(record)
        }
        return (table, kept)
    }
}
