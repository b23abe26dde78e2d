import EcoCore

/// The `datetime` filter of a STAC search: an RFC 3339 instant, or an interval `start/end` whose open end is
/// `..` or empty (STAC API Item Search; OGC API Features `datetime`). Bounds are inclusive, in ms.
public struct StacDatetime: Sendable, Equatable {
    public var startMs: Int64?
    public var endMs: Int64?

    /// Parses the parameter; nil for text that is not an instant or an interval with at least one bound.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let instant = Self.instant(parts[0]) else { return nil }
            startMs = instant
            endMs = instant
        case 2:
            let open: (Substring) -> Bool = { $0.isEmpty || $0 == ".." }
            guard !(open(parts[0]) && open(parts[1])) else { return nil }
            if !open(parts[0]) {
                guard let start = Self.instant(parts[0]) else { return nil }
                startMs = start
            }
            if !open(parts[1]) {
                guard let end = Self.instant(parts[1]) else { return nil }
                endMs = end
            }
            if let startMs, let endMs, startMs > endMs { return nil }
        default:
            return nil
        }
    }

    /// Whether `[firstMs, lastMs]` overlaps the filter.
    public func overlaps(firstMs: Int64, lastMs: Int64) -> Bool {
        (startMs.map { lastMs >= $0 } ?? true) && (endMs.map { firstMs <= $0 } ?? true)
    }

    /// An RFC 3339 date-time (section 5.6): `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, `T` and `Z` in either
    /// case; milliseconds since the epoch, the fraction truncated to the millisecond.
    static func instant(_ text: Substring) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func byte(_ index: Int, _ allowed: String) -> Bool { index < bytes.count && allowed.utf8.contains(bytes[index]) }
        guard bytes.count >= 20, let year = number(0..<4), byte(4, "-"), let month = number(5..<7), byte(7, "-"), let day = number(8..<10),
              byte(10, "Tt"), let hour = number(11..<13), byte(13, ":"), let minute = number(14..<16), byte(16, ":"),
              let second = number(17..<19), (1...12).contains(month), (1...CivilDate.daysInMonth(year: year, month: month)).contains(day),
              hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var index = 19
        var millisecond = 0
        if byte(index, ".") {
            let digits = (index + 1)..<(bytes[(index + 1)...].firstIndex { !(48...57).contains($0) } ?? bytes.count)
            guard !digits.isEmpty, let fraction = number(digits.lowerBound..<min(digits.upperBound, digits.lowerBound + 3)) else { return nil }
            millisecond = fraction * [100, 10, 1][min(digits.count, 3) - 1]
            index = digits.upperBound
        }
        var offsetMinutes = 0
        if byte(index, "Zz"), index + 1 == bytes.count {
            offsetMinutes = 0
        } else if byte(index, "+-"), bytes.count == index + 6, let hours = number((index + 1)..<(index + 3)), byte(index + 3, ":"),
                  let minutes = number((index + 4)..<(index + 6)), hours <= 23, minutes <= 59 {
            offsetMinutes = (hours * 60 + minutes) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        let days = Int64(CivilDate.days(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millisecond)
    }
}
