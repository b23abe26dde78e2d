import EcoCarbon
import EcoCore
import EcoStore

/// Estimates of the fields stored activities were sent without, made whenever activities are accounted and never
/// stored: a freight leg's load (``LoadEstimator``), purchased electricity's grid region (``RegionEstimator``) and a
/// fuel's unit (``FuelUnitEstimator``). The record keeps what was sent, and the estimate is gone as soon as a record
/// with the field replaces it (same client id).
struct CarbonFieldEstimation: Sendable {
    let store: any CarbonStore
    /// The estimators learn from at least this much of the organization's history before the window's end.
    static let historyMs: Int64 = 90 * 86_400_000

    /// The table of `records` (the organization's activities in [fromMs, toMs)) with every missing field that can be
    /// estimated filled in and its row marked estimated, the records it holds (row k is `kept[k]`), and the estimates.
    /// The estimators learn from the organization's activities of the window, or of the 90 days up to its end when the
    /// window is shorter; estimated records are never evidence.
    func table(_ records: [CarbonActivityRecord], organization: String, fromMs: Int64, toMs: Int64) async throws
        -> (table: ActivityTable, kept: [CarbonActivityRecord], estimates: [FieldEstimate]) {
        var (table, kept) = Self.table(records)
        let regionRows = (0..<kept.count).filter { kept[$0].region == nil && table.isElectricity($0) && table.kind[$0] != .compute }
        let unitRows = (0..<kept.count).filter { table.kind[$0] == .combustion && table.quantity[$0].isNaN }
        let loadRows = LoadEstimator.missingRows(table)
        guard !regionRows.isEmpty || !unitRows.isEmpty || !loadRows.isEmpty else { return (table, kept, []) }
        var history: [CarbonActivityRecord]?
        if toMs - fromMs < Self.historyMs {
            history = try await store.carbonActivities(CarbonActivityQuery(organization: organization, fromMs: toMs - Self.historyMs, toMs: toMs))
        }
        var estimates: [FieldEstimate] = []
        if !regionRows.isEmpty || !unitRows.isEmpty {
            let learn = (history ?? kept).compactMap(ActivityRecordMapping.activity)
            func targets(_ rows: [Int]) -> [(row: Int, activity: Activity)] { rows.compactMap { row in ActivityRecordMapping.activity(kept[row]).map { (row, $0) } } }
            estimates = RegionEstimator().estimate(targets(regionRows), learningFrom: learn) + FuelUnitEstimator().estimate(targets(unitRows), learningFrom: learn)
            if !estimates.isEmpty { table = Self.table(kept, applying: estimates) }
        }
        if !loadRows.isEmpty {
            let loads = LoadEstimator().estimate(table, learningFrom: history.map { Self.table($0).table })
            table.apply(loads)
            estimates += loads
        }
        return (table, kept, estimates.sorted { $0.row < $1.row })
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

    /// The table of `kept` (every one readable) with the region and unit `estimates` written into their activities.
    static func table(_ kept: [CarbonActivityRecord], applying estimates: [FieldEstimate]) -> ActivityTable {
        let byRow = Dictionary(estimates.map { ($0.row, $0) }, uniquingKeysWith: { first, _ in first })
        var table = ActivityTable()
        table.reserveCapacity(kept.count)
        for (row, record) in kept.enumerated() {
            guard var activity = ActivityRecordMapping.activity(record) else { continue }
            byRow[row]?.apply(to: &activity)
            table.append(activity)
        }
        return table
    }
}
