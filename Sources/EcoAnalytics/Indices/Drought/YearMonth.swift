/// A calendar month, `YYYY-MM`.
public struct YearMonth: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var year: Int
    /// 1…12
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM` (also `YYYY-MM-DD`, the day ignored); nil for anything else.
    public init?(parsing text: Substring) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 4, parts[1].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        self.init(year: year, month: month)
    }

    /// Months since January of year 0: consecutive months differ by 1.
    public var ordinal: Int { year * 12 + month - 1 }

    /// The month `count` months later.
    public func advanced(by count: Int) -> YearMonth {
        let ordinal = self.ordinal + count
        let year = ordinal >= 0 ? ordinal / 12 : (ordinal - 11) / 12
        return YearMonth(year: year, month: ordinal - year * 12 + 1)
    }

    /// Days in the month (Gregorian calendar).
    public var dayCount: Int {
        switch month {
        case 2: isLeapYear ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var isLeapYear: Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.ordinal < rhs.ordinal }
}
