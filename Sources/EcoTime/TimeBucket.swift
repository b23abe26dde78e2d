/// Calendar buckets in UTC: minute, hour, day, ISO week (starting Monday) and month.
///
/// Raw values are the API's spellings (`1m`, `1h`, `1d`, `1w`, `1M`). All arithmetic is on
/// `Int64` milliseconds since the Unix epoch and is correct before 1970 too.
public enum TimeBucket: String, Sendable, CaseIterable, Hashable {
    case minute = "1m"
    case hour = "1h"
    case day = "1d"
    case week = "1w"
    case month = "1M"

    private static let msPerMinute: Int64 = 60_000
    private static let msPerHour: Int64 = 3_600_000
    private static let msPerDay: Int64 = 86_400_000
    /// 1969-12-29, the Monday before the epoch, in milliseconds: the origin of ISO weeks.
    private static let mondayOrigin: Int64 = -3 * 86_400_000

    /// Start (inclusive, UTC) of the bucket holding `ms` milliseconds since the Unix epoch.
    public func start(ofMs ms: Int64) -> Int64 {
        switch self {
        case .minute: return ms - floorDivide(ms, Self.msPerMinute).remainder
        case .hour: return ms - floorDivide(ms, Self.msPerHour).remainder
        case .day: return ms - floorDivide(ms, Self.msPerDay).remainder
        case .week: return ms - floorDivide(ms - Self.mondayOrigin, 7 * Self.msPerDay).remainder
        case .month:
            let date = CivilDate.date(fromDays: Int(floorDivide(ms, Self.msPerDay).quotient))
            return Int64(CivilDate.days(year: date.year, month: date.month, day: 1)) * Self.msPerDay
        }
    }

    /// Start of the bucket after the one starting at `startMs` (a value returned by ``start(ofMs:)``).
    public func next(afterStartMs startMs: Int64) -> Int64 {
        switch self {
        case .minute: return startMs + Self.msPerMinute
        case .hour: return startMs + Self.msPerHour
        case .day: return startMs + Self.msPerDay
        case .week: return startMs + 7 * Self.msPerDay
        case .month:
            let date = CivilDate.date(fromDays: Int(floorDivide(startMs, Self.msPerDay).quotient))
            let (year, month) = date.month == 12 ? (date.year + 1, 1) : (date.year, date.month + 1)
            return Int64(CivilDate.days(year: year, month: month, day: 1)) * Self.msPerDay
        }
    }

    /// The half-open interval `[start, next)` of the bucket holding `ms`.
    public func interval(containingMs ms: Int64) -> Range<Int64> {
        let start = start(ofMs: ms)
        return start..<next(afterStartMs: start)
    }
}
