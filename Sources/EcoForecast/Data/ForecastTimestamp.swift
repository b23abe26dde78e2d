/// Parses and formats the timestamps of forecast CSV files, without Foundation's formatters (see STYLE.md §14).
///
/// Accepted: RFC 3339 (`2024-03-01T12:00:00Z`, `…+02:00`, fractional seconds), ISO date-times without a zone
/// (taken as UTC, `T` or a space between date and time, seconds optional), plain dates `YYYY-MM-DD` (midnight UTC),
/// and integers, read as milliseconds since the Unix epoch.
public enum ForecastTimestamp {
    /// Milliseconds since the Unix epoch for `text`, or nil when it is not one of the accepted shapes.
    public static func parseMilliseconds(_ text: Substring) -> Int64? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        if let integer = parseInteger(bytes[...]) { return integer }
        return parseDateTime(bytes)
    }

    /// RFC 3339 text in UTC: `2024-03-01T12:00:00Z`, with `.sss` only when the milliseconds are not zero.
    public static func format(milliseconds: Int64) -> String {
        let msPerDay: Int64 = 86_400_000
        let days = floorDivide(milliseconds, msPerDay)
        let msOfDay = milliseconds - days * msPerDay
        let (year, month, day) = civil(fromDays: days)
        let seconds = msOfDay / 1000
        let millis = msOfDay % 1000
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        text += "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if millis != 0 { text += "." + pad(millis, 3) }
        return text + "Z"
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func parseInteger(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var digits = bytes
        var negative = false
        if digits.first == UInt8(ascii: "-") {
            negative = true
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return negative ? -value : value
    }

    private static func parseDateTime(_ bytes: [UInt8]) -> Int64? {
        var cursor = Cursor(bytes: bytes)
        guard let year = cursor.number(digits: 4), cursor.skip("-"), let month = cursor.number(digits: 2), cursor.skip("-"),
            let day = cursor.number(digits: 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var ms = days(year: year, month: month, day: day) * 86_400_000
        if cursor.atEnd { return ms }
        guard cursor.skip("T") || cursor.skip("t") || cursor.skip(" "), let hour = cursor.number(digits: 2), cursor.skip(":"),
            let minute = cursor.number(digits: 2), hour < 24, minute < 60
        else { return nil }
        ms += (hour * 3600 + minute * 60) * 1000
        if cursor.skip(":") {
            guard let second = cursor.number(digits: 2), second < 61 else { return nil }
            ms += second * 1000
            if cursor.skip(".") || cursor.skip(",") {
                var scale: Int64 = 100
                var any = false
                while let digit = cursor.digit() {
                    ms += digit * scale
                    scale /= 10
                    any = true
                }
                guard any else { return nil }
            }
        }
        if cursor.atEnd || cursor.skip("Z") || cursor.skip("z") { return cursor.atEnd ? ms : nil }
        let sign: Int64
        if cursor.skip("+") { sign = 1 } else if cursor.skip("-") { sign = -1 } else { return nil }
        guard let offsetHours = cursor.number(digits: 2) else { return nil }
        _ = cursor.skip(":")
        guard let offsetMinutes = cursor.number(digits: 2), cursor.atEnd else { return nil }
        return ms - sign * (offsetHours * 60 + offsetMinutes) * 60_000
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}

/// Reads ASCII digits and separators from the front of a byte array.
private struct Cursor {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int64? {
        guard index < bytes.count else { return nil }
        let digit = bytes[index] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        index += 1
        return Int64(digit)
    }

    mutating func number(digits count: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<count {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
