/// Proleptic Gregorian calendar arithmetic on day numbers, without calendar objects.
///
/// Day 0 is 1970-01-01. The algorithms are Howard Hinnant's `days_from_civil` and
/// `civil_from_days` ("chrono-Compatible Low-Level Date Algorithms",
/// https://howardhinnant.github.io/date_algorithms.html), valid for every `Int` day that
/// keeps the year inside `Int`.
public enum CivilDate {
    /// Days since 1970-01-01 of the given date; `month` is 1…12, `day` 1…31 (not checked here).
    @inline(__always)
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9  // March = 0, so leap days fall last
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of day number `days` (0 = 1970-01-01).
    @inline(__always)
    public static func date(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether `year` has a 29 February.
    @inline(__always)
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days in `month` (1…12) of `year`.
    @inline(__always)
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Day of the week of day number `days`, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    @inline(__always)
    public static func weekdayFromMonday(days: Int) -> Int {
        ((days + 3) % 7 + 7) % 7
    }
}

/// Floor division and modulo for `Int64`, so times before 1970 fall in the right bucket.
@inline(__always)
func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
    var quotient = value / divisor
    var remainder = value % divisor
    if remainder < 0 {
        quotient -= 1
        remainder += divisor
    }
    return (quotient, remainder)
}

extension CivilDate {
    /// ``days(year:month:day:)`` for callers that count in Int64 (epoch-millisecond arithmetic).
    public static func int64Days(year: Int64, month: Int64, day: Int64) -> Int64 {
        Int64(days(year: Int(year), month: Int(month), day: Int(day)))
    }

    /// ``date(fromDays:)`` for callers that count in Int64.
    public static func int64Date(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let date = date(fromDays: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }
}
