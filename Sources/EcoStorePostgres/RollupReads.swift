import EcoCore
import PostgresNIO

/// Exact statistics over any window from the rollups, in one statement for any number of series: the
/// whole days in the middle from `rollup_day`, the whole hours on each side from `rollup_hour` (or from
/// raw rows for series that keep no hourly rollup: at most one value per hour there), and the partial
/// hours at the very edges from raw rows.
struct RollupReads {
    /// The most values a daily rollup row keeps (beyond it, `vals` is NULL and raw rows are read).
    static let maxKeptValues = 96

    /// Half-open [start, end) spans; an empty span is (0, 0).
    var edges: [(Int64, Int64)] = [(0, 0), (0, 0)]
    var hours: [(Int64, Int64)] = [(0, 0), (0, 0)]
    var days: (Int64, Int64) = (0, 0)

    init(window: TimeWindow) {
        // Open ends are clamped to years 1 to 9999, where bucket arithmetic cannot overflow.
        let start = max(window.startMs, -62_135_596_800_000), end = min(window.endMs, 253_402_300_800_000)
        guard start < end else { return }
        let hourStart = Self.ceil(start, PostgresStore.hourMs), hourEnd = TimeBucket.hour.start(ofMs: end)
        guard hourStart < hourEnd else {
            edges[0] = (start, end)
            return
        }
        edges = [(start, hourStart), (hourEnd, end)]
        let dayStart = Self.ceil(hourStart, PostgresStore.dayMs), dayEnd = TimeBucket.day.start(ofMs: hourEnd)
        if dayStart < dayEnd {
            hours = [(hourStart, dayStart), (dayEnd, hourEnd)]
            days = (dayStart, dayEnd)
        } else {
            hours[0] = (hourStart, hourEnd)
        }
    }

    private static func ceil(_ t: Int64, _ width: Int64) -> Int64 {
        let floor = t - ((t % width) + width) % width
        return floor == t ? t : floor + width
    }

    /// Per-series statistics over the window; with `approximate`, the partial-hour edges are left out
    /// (cheaper: what count estimates use).
    func stats(of series: [Int64], approximate: Bool, on database: Database) async throws -> [Int64: RunningStats] {
        var sql = SQLBuilder()
        let ids = sql.bind(series)
        func spans(_ column: String, _ spans: [(Int64, Int64)]) -> String {
            "(" + spans.map { "(\(column) >= \(sql.bind($0.0)) AND \(column) < \(sql.bind($0.1)))" }.joined(separator: " OR ") + ")"
        }
        let edgeSpans = approximate ? [(Int64(0), Int64(0))] : edges
        let raw = "count(*), sum(o.value), min(o.value), max(o.value), sum(o.value * o.value)"
        let rollup = "sum(r.n), sum(r.sum), min(r.min), max(r.max), sum(r.sumsq)"
        // The text first: it binds the spans, and `sql.query` must see every bind.
        let text = """
            WITH chosen AS (SELECT id, hourly FROM series WHERE id = ANY(\(ids)::bigint[]))
            SELECT series_id, sum(n)::bigint, sum(s), min(lo), max(hi), sum(sq) FROM (
                SELECT o.series_id, \(raw) FROM observations o
                WHERE o.series_id = ANY(\(ids)::bigint[]) AND \(spans("o.t", edgeSpans)) GROUP BY 1
                UNION ALL
                SELECT o.series_id, \(raw) FROM observations o JOIN chosen c ON c.id = o.series_id AND NOT c.hourly
                WHERE \(spans("o.t", hours)) GROUP BY 1
                UNION ALL
                SELECT r.series_id, \(rollup) FROM rollup_hour r JOIN chosen c ON c.id = r.series_id AND c.hourly
                WHERE \(spans("r.bucket", hours)) GROUP BY 1
                UNION ALL
                SELECT r.series_id, \(rollup) FROM rollup_day r
                WHERE r.series_id = ANY(\(ids)::bigint[]) AND \(spans("r.bucket", [days])) GROUP BY 1
            ) AS parts(series_id, n, s, lo, hi, sq)
            GROUP BY series_id
            """
        let statement = sql.query(text)
        var result: [Int64: RunningStats] = [:]
        for row in try await database.rows(statement) {
            let (id, count, sum, min, max, squares) = try row.decode((Int64, Int64, Double, Double, Double, Double).self)
            if count > 0 { result[id] = RunningStats(count: Int(count), sum: sum, min: min, max: max, sumOfSquares: squares) }
        }
        return result
    }
}
