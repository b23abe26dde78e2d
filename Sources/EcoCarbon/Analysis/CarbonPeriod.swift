import EcoTime

/// Calendar buckets for carbon results, hour to year, in UTC (EcoTime's buckets plus quarter and year).
public enum CarbonPeriod: String, Sendable, Hashable, CaseIterable, Codable {
    case hour = "1h", day = "1d", week = "1w", month = "1M", quarter = "1Q", year = "1y"

    /// Start (inclusive, UTC) of the bucket holding `ms`.
    public func start(ofMs ms: Int64) -> Int64 {
        switch self {
        case .hour: return TimeBucket.hour.start(ofMs: ms)
        case .day: return TimeBucket.day.start(ofMs: ms)
        case .week: return TimeBucket.week.start(ofMs: ms)
        case .month: return TimeBucket.month.start(ofMs: ms)
        case .quarter, .year:
            let date = CivilDate.date(fromDays: Int(TimeBucket.day.start(ofMs: ms) / 86_400_000))
            let month = self == .year ? 1 : (date.month - 1) / 3 * 3 + 1
            return Int64(CivilDate.days(year: date.year, month: month, day: 1)) * 86_400_000
        }
    }

    /// Start of the bucket after the one starting at `startMs`.
    public func next(afterStartMs startMs: Int64) -> Int64 {
        switch self {
        case .hour: return TimeBucket.hour.next(afterStartMs: startMs)
        case .day: return TimeBucket.day.next(afterStartMs: startMs)
        case .week: return TimeBucket.week.next(afterStartMs: startMs)
        case .month: return TimeBucket.month.next(afterStartMs: startMs)
        case .quarter, .year:
            let date = CivilDate.date(fromDays: Int(startMs / 86_400_000))
            let months = self == .year ? 12 : 3
            let total = date.year * 12 + (date.month - 1) + months
            return Int64(CivilDate.days(year: total / 12, month: total % 12 + 1, day: 1)) * 86_400_000
        }
    }

    /// Number of buckets starting in `[fromMs, toMs)`, counting the one holding `fromMs`.
    public func count(fromMs: Int64, toMs: Int64) -> Int {
        var n = 0
        var start = start(ofMs: fromMs)
        while start < toMs {
            n += 1
            start = next(afterStartMs: start)
        }
        return n
    }
}
