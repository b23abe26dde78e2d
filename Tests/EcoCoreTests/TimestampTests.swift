import EcoRandom
import Foundation
import Testing

@testable import EcoCore

struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2024-05-01T13:00:00Z", 1_714_568_400_000),
        ("2024-05-01t13:00:00z", 1_714_568_400_000),
        ("2024-05-01 13:00:00Z", 1_714_568_400_000),
        ("2024-05-01T15:00:00+02:00", 1_714_568_400_000),
        ("2024-05-01T08:30:00-04:30", 1_714_568_400_000),
        ("2024-05-01T15:00:00+0200", 1_714_568_400_000),
        ("2024-05-01T15:00:00+02", 1_714_568_400_000),
        ("2024-05-01T13:00:00", 1_714_568_400_000),
        ("2024-05-01T13:00", 1_714_568_400_000),
        ("2024-05-01", 1_714_521_600_000),
        ("2024-05-01T13:00:00.5Z", 1_714_568_400_500),
        ("2024-05-01T13:00:00.12Z", 1_714_568_400_120),
        ("2024-05-01T13:00:00.123Z", 1_714_568_400_123),
        ("2024-05-01T13:00:00.123999999Z", 1_714_568_400_123),
        ("2024-05-01T13:00:00,250Z", 1_714_568_400_250),
        ("2016-12-31T23:59:60Z", 1_483_228_799_999),
        ("2016-12-31T23:59:60.5Z", 1_483_228_799_999),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ("2000-02-29", 951_782_400_000),
        ("1969-12-31T23:59:59.999Z", -1),
        ("1900-01-01T00:00:00Z", -2_208_988_800_000),
        ("0000-01-01T00:00:00Z", -62_167_219_200_000),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
        ("1714568400000", 1_714_568_400_000),
        ("-86400000", -86_400_000),
        ("0", 0),
        ("2024", 2024),  // digits only are always epoch milliseconds, never a year
        ("9223372036854775807", Int64.max),
        ("-9223372036854775808", Int64.min),
    ])
    func acceptedFormsGiveTheRightMilliseconds(text: String, expected: Int64) {
        #expect(Timestamp.parse(text) == expected)
        #expect(Timestamp.parse(Substring(text)) == expected)
        #expect(Timestamp.parse(bytes: Array(text.utf8)) == expected)
        #expect(Timestamp.parse(bytes: Array(text.utf8)[...]) == expected)
    }

    @Test(arguments: [
        "", "yesterday", "now", "2024-05", "2024-5-01", "2024-05-1", "2024/05/01",
        "2024-00-01", "2024-13-01", "2024-05-00", "2024-05-32", "2023-02-29", "1900-02-29", "2024-04-31",
        "2024-05-01T", "2024-05-01T24:00:00Z", "2024-05-01T13:60:00Z", "2024-05-01T13:00:61Z",
        "2024-05-01T13:00:00.Z", "2024-05-01T13:00:00.1234567890Z", "2024-05-01T13:00:00+24:00",
        "2024-05-01T13:00:00+02:60", "2024-05-01T13:00:00+2:00", "2024-05-01T13:00:00 Z", "2024-05-01T13:00:00ZZ",
        " 2024-05-01T13:00:00Z", "2024-05-01T13:00:00Z ", "2024-05-01X13:00:00Z", "2024-05-01T1:00:00Z",
        "12.5", "1e12", "-", "+5", "92233720368547758070", "9223372036854775808", "-9223372036854775809",
        "2024-05-01T13:00:00+02:00:00",
    ])
    func malformedOrOutOfRangeTextIsRejected(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (1_714_568_400_000, "2024-05-01T13:00:00Z"),
        (1_714_568_400_007, "2024-05-01T13:00:00.007Z"),
        (1_714_568_400_120, "2024-05-01T13:00:00.120Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (951_782_400_000, "2000-02-29T00:00:00Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
        (253_402_300_800_000, "10000-01-01T00:00:00Z"),
        (-62_167_219_200_001, "-0001-12-31T23:59:59.999Z"),
    ])
    func formattingWritesRFC3339InUTC(ms: Int64, expected: String) {
        #expect(Timestamp.format(ms: ms) == expected)
    }

    @Test func extremeMillisecondsFormatWithoutCrashing() {
        #expect(!Timestamp.format(ms: .max).isEmpty)
        #expect(!Timestamp.format(ms: .min).isEmpty)
    }

    @Test func formattedTimesParseBackToTheSameMilliseconds() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let ms = Int64.random(in: -62_167_219_200_000...253_402_300_799_999, using: &generator)
            #expect(Timestamp.parse(Timestamp.format(ms: ms)) == ms)
        }
    }

    // Oracle: Foundation's ISO8601DateFormatter on random instants and offsets.
    @Test func parsingAgreesWithFoundationOnRandomTimes() {
        var generator = SplitMix64(seed: 11)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for _ in 0..<2000 {
            let ms = Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &generator)
            let offsetMinutes = [0, 60, -300, 330, 525, -720, 840][Int.random(in: 0..<7, using: &generator)]
            formatter.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60)
            let text = formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
            let expected = formatter.date(from: text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
            #expect(Timestamp.parse(text) == expected, "\(text)")
        }
    }

    @Test func formattingAgreesWithFoundationOnRandomTimes() {
        var generator = SplitMix64(seed: 13)
        let whole = ISO8601DateFormatter()
        whole.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for _ in 0..<2000 {
            var ms = Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &generator)
            if Bool.random(using: &generator) { ms -= ms % 1000 }
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            let expected = ms % 1000 == 0 ? whole.string(from: date) : fractional.string(from: date)
            #expect(Timestamp.format(ms: ms) == expected)
        }
    }

    @Test func damagedTimestampsNeverCrashAndWhatParsesRoundTrips() {
        var generator = SplitMix64(seed: 19)
        let alphabet = Array("0123456789-+:.,TZtz ".utf8) + [0xFF, 0x00]
        for _ in 0..<20_000 {
            var bytes = Array(Timestamp.format(ms: Int64.random(in: 0...4_102_444_800_000, using: &generator)).utf8)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = alphabet.randomElement(using: &generator)!
                case 1: bytes.remove(at: position)
                default: bytes.insert(alphabet.randomElement(using: &generator)!, at: position)
                }
                if bytes.isEmpty { bytes = [0x30] }
            }
            if let ms = Timestamp.parse(bytes: bytes) {
                #expect(Timestamp.parse(Timestamp.format(ms: ms)) == ms || !(-62_167_219_200_000...253_402_300_799_999).contains(ms))
            }
        }
    }

    @Test func civilDateArithmeticRoundTripsEveryDayOfFourCenturies() {
        var days = CivilDate.days(year: 1800, month: 1, day: 1)
        for year in 1800..<2200 {
            for month in 1...12 {
                for day in 1...CivilDate.daysInMonth(year: year, month: month) {
                    #expect(CivilDate.days(year: year, month: month, day: day) == days)
                    let date = CivilDate.date(fromDays: days)
                    #expect(date.year == year && date.month == month && date.day == day)
                    days += 1
                }
            }
        }
    }
}
