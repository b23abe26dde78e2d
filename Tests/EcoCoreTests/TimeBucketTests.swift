import EcoRandom
import Foundation
import Testing

@testable import EcoCore

struct TimeBucketTests {
    @Test(arguments: [
        (TimeBucket.minute, "2024-05-01T13:45:30.250Z", "2024-05-01T13:45:00Z", "2024-05-01T13:46:00Z"),
        (.hour, "2024-05-01T13:45:30Z", "2024-05-01T13:00:00Z", "2024-05-01T14:00:00Z"),
        (.day, "2024-05-01T13:45:30Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"),
        (.week, "2024-05-01T13:45:30Z", "2024-04-29T00:00:00Z", "2024-05-06T00:00:00Z"),
        (.week, "2024-04-29T00:00:00Z", "2024-04-29T00:00:00Z", "2024-05-06T00:00:00Z"),
        (.week, "2024-05-05T23:59:59.999Z", "2024-04-29T00:00:00Z", "2024-05-06T00:00:00Z"),
        (.week, "1970-01-01T00:00:00Z", "1969-12-29T00:00:00Z", "1970-01-05T00:00:00Z"),
        (.month, "2024-02-29T23:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"),
        (.month, "2023-12-31T23:59:59Z", "2023-12-01T00:00:00Z", "2024-01-01T00:00:00Z"),
        (.hour, "1969-12-31T23:30:00Z", "1969-12-31T23:00:00Z", "1970-01-01T00:00:00Z"),
        (.day, "1969-12-31T23:30:00Z", "1969-12-31T00:00:00Z", "1970-01-01T00:00:00Z"),
        (.month, "1969-12-15T00:00:00Z", "1969-12-01T00:00:00Z", "1970-01-01T00:00:00Z"),
    ])
    func bucketBoundsAreUTCCalendarBounds(bucket: TimeBucket, time: String, start: String, next: String) throws {
        let ms = try #require(Timestamp.parse(time))
        let bucketStart = bucket.start(ofMs: ms)
        #expect(Timestamp.format(ms: bucketStart) == start)
        #expect(Timestamp.format(ms: bucket.next(afterStartMs: bucketStart)) == next)
        #expect(bucket.interval(containingMs: ms).contains(ms))
    }

    @Test(arguments: TimeBucket.allCases)
    func everyInstantFallsInExactlyOneBucket(bucket: TimeBucket) {
        var generator = SplitMix64(seed: 3)
        for _ in 0..<5000 {
            let ms = Int64.random(in: -4_000_000_000_000...4_000_000_000_000, using: &generator)
            let start = bucket.start(ofMs: ms)
            let next = bucket.next(afterStartMs: start)
            #expect(start <= ms && ms < next)
            #expect(bucket.start(ofMs: start) == start)
            #expect(bucket.start(ofMs: next) == next)
            #expect(bucket.start(ofMs: next - 1) == start)
        }
    }

    // Oracle: Foundation's Gregorian calendar in UTC (ISO 8601 weeks start on Monday).
    @Test func weekAndMonthStartsAgreeWithFoundationCalendar() throws {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SplitMix64(seed: 5)
        for _ in 0..<1000 {
            let ms = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            let week = try #require(calendar.dateInterval(of: .weekOfYear, for: date))
            let month = try #require(calendar.dateInterval(of: .month, for: date))
            #expect(TimeBucket.week.start(ofMs: ms) == Int64(week.start.timeIntervalSince1970 * 1000))
            #expect(TimeBucket.month.start(ofMs: ms) == Int64(month.start.timeIntervalSince1970 * 1000))
            #expect(TimeBucket.month.next(afterStartMs: TimeBucket.month.start(ofMs: ms)) == Int64(month.end.timeIntervalSince1970 * 1000))
        }
    }
}
