/// The byte-level parser behind ``Timestamp/parse(bytes:)``; see ``Timestamp`` for the accepted forms.
public enum TimestampParser {
    private static let msPerDay: Int64 = 86_400_000

    /// Milliseconds since the epoch for the `count` bytes at `p`, or nil.
    public static func parse(_ p: UnsafePointer<UInt8>, count n: Int) -> Int64? {
        if n >= 10, p[4] == UInt8(ascii: "-") {
            return parseDateTime(p, count: n)
        }
        return parseEpochMilliseconds(p, count: n)
    }

    /// An optionally negative decimal integer that fits in `Int64`.
    public static func parseEpochMilliseconds(_ p: UnsafePointer<UInt8>, count n: Int) -> Int64? {
        var i = 0
        let negative = n > 0 && p[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        guard i < n, n - i <= 19 else { return nil }
        var magnitude: UInt64 = 0
        while i < n {
            let digit = p[i] &- 48
            guard digit < 10 else { return nil }
            magnitude = magnitude &* 10 &+ UInt64(digit)  // at most 19 digits: no UInt64 overflow
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    @inline(__always)
    private static func digits2(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int? {
        let a = p[i] &- 48, b = p[i + 1] &- 48
        guard a < 10, b < 10 else { return nil }
        return Int(a) * 10 + Int(b)
    }

    /// `YYYY-MM-DD` followed by nothing or by `T`/`t`/space and a time.
    private static func parseDateTime(_ p: UnsafePointer<UInt8>, count n: Int) -> Int64? {
        guard let century = digits2(p, 0), let yearInCentury = digits2(p, 2),
            let month = digits2(p, 5), p[7] == UInt8(ascii: "-"), let day = digits2(p, 8)
        else { return nil }
        let year = century * 100 + yearInCentury
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        let dayStart = Int64(CivilDate.days(year: year, month: month, day: day)) * msPerDay
        if n == 10 { return dayStart }
        let separator = p[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ") else { return nil }
        guard let timeOfDay = parseTime(p + 11, count: n - 11) else { return nil }
        return dayStart + timeOfDay
    }

    /// `HH:MM[:SS[.fraction]][zone]`: milliseconds after midnight UTC of the date (may be
    /// negative or exceed a day once the offset is applied).
    private static func parseTime(_ p: UnsafePointer<UInt8>, count n: Int) -> Int64? {
        guard n >= 5, let hour = digits2(p, 0), p[2] == UInt8(ascii: ":"), let minute = digits2(p, 3),
            hour <= 23, minute <= 59
        else { return nil }
        var second = 0
        var milliseconds = 0
        var i = 5
        if i < n, p[i] == UInt8(ascii: ":") {
            guard i + 3 <= n, let s = digits2(p, i + 1), s <= 60 else { return nil }
            second = s
            i += 3
            if i < n, p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: ",") {
                i += 1
                let fractionStart = i
                while i < n, p[i] &- 48 < 10, i - fractionStart < 9 {
                    if i - fractionStart < 3 { milliseconds = milliseconds * 10 + Int(p[i] &- 48) }
                    i += 1
                }
                let digitCount = i - fractionStart
                guard digitCount > 0 else { return nil }
                var scale = digitCount
                while scale < 3 {
                    milliseconds *= 10
                    scale += 1
                }
            }
            if second == 60 {
                // Leap second: kept inside the minute it belongs to (documented on Timestamp).
                second = 59
                milliseconds = 999
            }
        }
        guard let offsetMinutes = parseZone(p + i, count: n - i) else { return nil }
        let secondsOfDay = Int64(hour * 3600 + minute * 60 + second - offsetMinutes * 60)
        return secondsOfDay * 1000 + Int64(milliseconds)
    }

    /// Nothing (UTC), `Z`/`z`, or `±hh:mm`, `±hhmm`, `±hh`: the offset east of UTC in minutes.
    private static func parseZone(_ p: UnsafePointer<UInt8>, count n: Int) -> Int? {
        if n == 0 { return 0 }
        let sign = p[0]
        if n == 1 { return sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") ? 0 : nil }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), n >= 3, let hours = digits2(p, 1), hours <= 23 else { return nil }
        var minutes = 0
        switch n {
        case 3: break
        case 5:
            guard let m = digits2(p, 3) else { return nil }
            minutes = m
        case 6:
            guard p[3] == UInt8(ascii: ":"), let m = digits2(p, 4) else { return nil }
            minutes = m
        default: return nil
        }
        guard minutes <= 59 else { return nil }
        let total = hours * 60 + minutes
        return sign == UInt8(ascii: "-") ? -total : total
    }
}
