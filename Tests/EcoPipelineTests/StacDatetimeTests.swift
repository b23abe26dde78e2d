import EcoCore
@testable import EcoPipeline
import Testing

/// The `datetime` parameter of a STAC search (RFC 3339 section 5.6 instants; intervals with open ends).
@Suite struct StacDatetimeTests {
    /// 2024-05-01T00:00:00Z in ms since the epoch (19844 days).
    static let may1: Int64 = 19_844 * 86_400_000

    @Test(arguments: [
        ("2024-05-01T00:00:00Z", may1),
        ("2024-05-01t00:00:00z", may1),
        ("2024-05-01T02:30:00+02:30", may1),
        ("2024-04-30T23:00:00-01:00", may1),
        ("2024-05-01T00:00:00.5Z", may1 + 500),
        ("2024-05-01T00:00:00.123456Z", may1 + 123),
        ("2024-02-29T00:00:00Z", may1 - 62 * 86_400_000),
    ])
    func instantsAreMilliseconds(text: String, ms: Int64) {
        #expect(StacDatetime.instant(Substring(text)) == ms)
        let parsed = StacDatetime(parsing: text)
        #expect(parsed?.startMs == ms && parsed?.endMs == ms)
    }

    @Test(arguments: ["2024-05-01", "2024-05-01T00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z",
                      "2024-05-01T00:00:00", "2024-05-01T00:00:00+0200", "2024-05-01T00:00:00.Z", "2024-05-01T00:00:00Zjunk", "",
                      "../..", "/", "2024-05-02T00:00:00Z/2024-05-01T00:00:00Z", "a/b/c"])
    func malformedTextIsRejected(text: String) {
        #expect(StacDatetime(parsing: text) == nil)
    }

    @Test func intervalsMayBeOpenAtEitherEndAndOverlapInclusively() throws {
        let day: Int64 = 86_400_000
        let closed = try #require(StacDatetime(parsing: "2024-05-01T00:00:00Z/2024-05-02T00:00:00Z"))
        #expect(closed.startMs == Self.may1 && closed.endMs == Self.may1 + day)
        #expect(closed.overlaps(firstMs: Self.may1 + day, lastMs: Self.may1 + 5 * day))
        #expect(!closed.overlaps(firstMs: Self.may1 + day + 1, lastMs: Self.may1 + 5 * day))
        #expect(closed.overlaps(firstMs: 0, lastMs: Self.may1))
        #expect(!closed.overlaps(firstMs: 0, lastMs: Self.may1 - 1))
        let openEnd = try #require(StacDatetime(parsing: "2024-05-01T00:00:00Z/.."))
        #expect(openEnd.endMs == nil && openEnd.overlaps(firstMs: Self.may1 + 1000 * day, lastMs: .max))
        let openStart = try #require(StacDatetime(parsing: "/2024-05-01T00:00:00Z"))
        #expect(openStart.startMs == nil && openStart.overlaps(firstMs: .min, lastMs: 0) && !openStart.overlaps(firstMs: Self.may1 + 1, lastMs: .max))
    }
}
