import EcoCore
import EcoStore

/// Splits a time window into whole days (daily rollup), whole hours at the edges (hourly rollup)
/// and partial hours at the very edges (raw rows), so an aggregate over any window is exact and
/// reads at most ~2×24 hourly rows and 2 raw partial hours per series besides the daily rows.
struct RollupPlan {
    static let hourMs: Int64 = 3_600_000
    static let dayMs: Int64 = 86_400_000

    struct Span { var start: Int64; var end: Int64; var table: String? } // nil table = raw rows

    let spans: [Span]

    init(window: TimeWindow) {
        // Clamp open ends to a range where bucket arithmetic cannot overflow.
        let start = max(window.startMs, -62_135_596_800_000), end = min(window.endMs, 253_402_300_800_000)
        guard start < end else { spans = []; return }
        let hourStart = Self.ceil(start, Self.hourMs), hourEnd = Self.floor(end, Self.hourMs)
        guard hourStart < hourEnd else { spans = [Span(start: start, end: end, table: nil)]; return }
        let dayStart = Self.ceil(hourStart, Self.dayMs), dayEnd = Self.floor(hourEnd, Self.dayMs)
        var spans: [Span] = []
        if start < hourStart { spans.append(Span(start: start, end: hourStart, table: nil)) }
        if dayStart < dayEnd {
            if hourStart < dayStart { spans.append(Span(start: hourStart, end: dayStart, table: "rollup_hour")) }
            spans.append(Span(start: dayStart, end: dayEnd, table: "rollup_day"))
            if dayEnd < hourEnd { spans.append(Span(start: dayEnd, end: hourEnd, table: "rollup_hour")) }
        } else {
            spans.append(Span(start: hourStart, end: hourEnd, table: "rollup_hour"))
        }
        if hourEnd < end { spans.append(Span(start: hourEnd, end: end, table: nil)) }
        self.spans = spans
    }

    /// Exact statistics of one series over the window; with `approximateEdges`, partial-hour
    /// edges are skipped (cheaper, used only for count estimates). Series without hourly rollups
    /// (`hasHourlyRollup` false: at most one value per hour) read their hour spans from raw rows.
    func stats(series: Int64, hasHourlyRollup: Bool, on db: SQLiteConnection, approximateEdges: Bool) throws -> RunningStats {
        var total = RunningStats()
        for span in spans {
            let sql: String
            if let table = span.table, table != "rollup_hour" || hasHourlyRollup {
                sql = "SELECT SUM(n), SUM(sum), MIN(min), MAX(max), SUM(sumsq) FROM \(table) WHERE series_id = ? AND bucket >= ? AND bucket < ?"
            } else if approximateEdges && span.table == nil {
                continue
            } else {
                sql = "SELECT COUNT(*), SUM(value), MIN(value), MAX(value), SUM(value * value) FROM observations WHERE series_id = ? AND t >= ? AND t < ?"
            }
            let query = try db.statement(sql)
            query.bind(1, series).bind(2, span.start).bind(3, span.end)
            if try query.step(), query.int64(0) > 0 {
                total.merge(RunningStats(count: Int(query.int64(0)), sum: query.double(1), min: query.double(2), max: query.double(3), sumOfSquares: query.double(4)))
            }
            query.reset()
        }
        return total
    }

    /// Raw values of `series` in the window, read from the rollups (partial-hour edges skipped).
    func estimatedCount(of series: [Int64], hourly: Set<Int64>, on db: SQLiteConnection) throws -> Int {
        var total = 0
        for id in series { total += try stats(series: id, hasHourlyRollup: hourly.contains(id), on: db, approximateEdges: true).count }
        return total
    }

    private static func floor(_ t: Int64, _ width: Int64) -> Int64 {
        RollupAccumulator.floor(t, width)
    }

    private static func ceil(_ t: Int64, _ width: Int64) -> Int64 {
        let f = floor(t, width)
        return f == t ? t : f + width
    }
}
