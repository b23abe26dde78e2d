/// Timestamps as Int64 milliseconds since the Unix epoch (UTC), read from and written as text.
public enum SeriesTimestamp {
    /// Parses RFC 3339 (`2024-05-01T12:00:00Z`, `…+02:00`, fractional seconds), an ISO date-time
    /// without zone (taken as UTC; `T` or a space between date and time; seconds optional), a plain
    /// date (`2024-05-01`, midnight UTC) or an integer (epoch milliseconds). Nil when it is none of these.
    public static func milliseconds(parsing text: Substring) -> Int64? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        if let integer = parseInteger(bytes) { return integer }
        var reader = ByteReader(bytes: bytes)
        guard let year = reader.digits(4), reader.consume(UInt8(ascii: "-")),
            let month = reader.digits(2), reader.consume(UInt8(ascii: "-")),
            let day = reader.digits(2), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var millis = daysFromCivil(year: year, month: month, day: day) * 86_400_000
        if reader.atEnd { return millis }
        guard reader.consume(UInt8(ascii: "T")) || reader.consume(UInt8(ascii: "t")) || reader.consume(UInt8(ascii: " ")),
            let hour = reader.digits(2), hour < 24, reader.consume(UInt8(ascii: ":")),
            let minute = reader.digits(2), minute < 60
        else { return nil }
        var second: Int64 = 0
        if reader.consume(UInt8(ascii: ":")) {
            // 60 allows a leap second; it folds into the next minute.
            guard let value = reader.digits(2), value <= 60 else { return nil }
            second = value
            if reader.consume(UInt8(ascii: ".")) || reader.consume(UInt8(ascii: ",")) {
                guard let fraction = reader.fractionMilliseconds() else { return nil }
                millis += fraction
            }
        }
        millis += ((hour * 60 + minute) * 60 + second) * 1000
        if reader.atEnd { return millis }
        guard let offset = reader.zoneOffsetMinutes(), reader.atEnd else { return nil }
        return millis - offset * 60_000
    }

    /// RFC 3339 text in UTC: `2024-05-01T12:00:00Z`, with `.SSS` only when the milliseconds are not zero.
    public static func rfc3339(milliseconds: Int64) -> String {
        let days = floorDivide(milliseconds, 86_400_000)
        let msOfDay = milliseconds - days * 86_400_000
        let (year, month, day) = civilFromDays(days)
        let seconds = msOfDay / 1000
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if msOfDay % 1000 != 0 { text += "." + pad(msOfDay % 1000, 3) }
        return text + "Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(abs(value))
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func parseInteger(_ bytes: [UInt8]) -> Int64? {
        let negative = bytes[0] == UInt8(ascii: "-")
        let digits = negative ? bytes.dropFirst() : bytes[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int64(String(decoding: digits, as: UTF8.self))
        else { return nil }
        return negative ? -value : value
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    private static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar),
    // http://howardhinnant.github.io/date_algorithms.html
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// A cursor over ASCII bytes for the timestamp grammar.
private struct ByteReader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Exactly `count` decimal digits.
    mutating func digits(_ count: Int) -> Int64? {
        guard index + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + count] {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int64(byte - 48)
        }
        index += count
        return value
    }

    /// One or more fraction digits, truncated to milliseconds.
    mutating func fractionMilliseconds() -> Int64? {
        var value: Int64 = 0
        var count = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            if count < 3 { value = value * 10 + Int64(bytes[index] - 48) }
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 3) { value *= 10 }
        return value
    }

    /// `Z`, `+HH:MM`, `-HH:MM` or `±HHMM`, as minutes east of UTC.
    mutating func zoneOffsetMinutes() -> Int64? {
        if consume(UInt8(ascii: "Z")) || consume(UInt8(ascii: "z")) { return 0 }
        let sign: Int64
        if consume(UInt8(ascii: "+")) { sign = 1 } else if consume(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let hours = digits(2), hours < 24 else { return nil }
        _ = consume(UInt8(ascii: ":"))
        guard let minutes = digits(2), minutes < 60 else { return nil }
        return sign * (hours * 60 + minutes)
    }
}
