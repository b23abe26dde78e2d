/// Times as the API speaks them (RFC 3339 / ISO 8601 text or epoch milliseconds), to and from
/// `Int64` milliseconds since 1970-01-01T00:00:00Z.
///
/// Accepted by ``parse(_:)`` and ``parse(bytes:)``:
/// - `2024-05-01T13:00:00Z`, `2024-05-01T15:00:00+02:00`, `2024-05-01T13:00:00.123456789Z`,
///   lowercase `t`/`z`, a space instead of `T`, offsets `±hh:mm`, `±hhmm` or `±hh`;
/// - date-times without a zone (`2024-05-01T13:00:00`, `2024-05-01T13:00`), taken as UTC;
/// - plain dates `2024-05-01`, meaning midnight UTC;
/// - integers (`1714568400000`, `-86400000`), meaning epoch milliseconds.
///
/// Years are four digits (0000…9999). Fractional seconds (after `.` or ISO 8601's `,`) may have
/// 1…9 digits and are truncated, not rounded, to milliseconds. A leap second (`23:59:60`, any fraction) is accepted and taken as
/// `23:59:59.999`, so it sorts before the next minute. Fields are range-checked (month 1…12,
/// day within the month, leap years included, hour ≤ 23, minute ≤ 59, offset hours ≤ 23).
/// Nothing else is accepted: no surrounding spaces, no week or ordinal dates.
///
/// Parsing and formatting use no Foundation and no calendar objects: they are plain integer
/// arithmetic on days since the epoch (Hinnant's civil-date algorithms), fast enough for the
/// ingest hot path (tens of millions of timestamps per second on one core).
public enum Timestamp {
    /// Milliseconds since the Unix epoch for `text`, or nil when it is not one of the accepted forms.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: UnsafeRawBufferPointer($0)) }) {
            return result
        }
        // Bridged or non-contiguous strings: make them native once.
        var native = String(text)
        return native.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Milliseconds since the Unix epoch for the UTF-8 text in `bytes`, or nil when it is not
    /// one of the accepted forms.
    public static func parse(bytes: UnsafeRawBufferPointer) -> Int64? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        return TimestampParser.parse(base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    }

    /// Milliseconds since the Unix epoch for the UTF-8 text in `bytes`, or nil when it is not
    /// one of the accepted forms.
    public static func parse(bytes: some Collection<UInt8>) -> Int64? {
        if let result = bytes.withContiguousStorageIfAvailable({ parse(bytes: UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes { parse(bytes: $0) }
    }

    /// RFC 3339 text in UTC for `ms` milliseconds since the Unix epoch:
    /// `2024-05-01T13:00:00Z`, with `.sss` only when the milliseconds are not zero.
    ///
    /// Years outside 0000…9999 are written with as many digits as they need and a leading `-`
    /// when negative (ISO 8601 expanded years), which RFC 3339 readers will not accept.
    public static func format(ms: Int64) -> String {
        let (days, msOfDay) = floorDivide(ms, 86_400_000)
        let date = CivilDate.date(fromDays: Int(days))
        let msOfDayInt = Int(msOfDay)
        let seconds = msOfDayInt / 1000
        let milliseconds = msOfDayInt % 1000
        guard (0...9999).contains(date.year) else {
            return expandedFormat(date: date, seconds: seconds, milliseconds: milliseconds)
        }
        let length = milliseconds == 0 ? 20 : 24
        return String(unsafeUninitializedCapacity: length) { out in
            @inline(__always) func put2(_ value: Int, at index: Int) {
                out[index] = UInt8(truncatingIfNeeded: 48 + value / 10)
                out[index + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
            }
            put2(date.year / 100, at: 0)
            put2(date.year % 100, at: 2)
            out[4] = UInt8(ascii: "-")
            put2(date.month, at: 5)
            out[7] = UInt8(ascii: "-")
            put2(date.day, at: 8)
            out[10] = UInt8(ascii: "T")
            put2(seconds / 3600, at: 11)
            out[13] = UInt8(ascii: ":")
            put2(seconds / 60 % 60, at: 14)
            out[16] = UInt8(ascii: ":")
            put2(seconds % 60, at: 17)
            if milliseconds != 0 {
                out[19] = UInt8(ascii: ".")
                out[20] = UInt8(truncatingIfNeeded: 48 + milliseconds / 100)
                put2(milliseconds % 100, at: 21)
            }
            out[length - 1] = UInt8(ascii: "Z")
            return length
        }
    }

    private static func expandedFormat(date: (year: Int, month: Int, day: Int), seconds: Int, milliseconds: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let year = (date.year < 0 ? "-" : "") + pad(abs(date.year), 4)
        let fraction = milliseconds == 0 ? "" : "." + pad(milliseconds, 3)
        return "\(year)-\(pad(date.month, 2))-\(pad(date.day, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))\(fraction)Z"
    }
}
