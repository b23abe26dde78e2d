import EcoCore
import EcoStore

@testable import EcoStoreSQLite
import Foundation
import Testing

/// What the store hands detection instead of a read-back must be what a read-back would give.
@Suite struct RecentWritesTests {
    typealias Points = [Int64: [(timeMs: Int64, value: Double)]]

    static func flattened(_ points: Points?) -> [String] {
        (points ?? [:]).sorted { $0.key < $1.key }.flatMap { series, values in values.map { "\(series)@\($0.timeMs)=\($0.value)" } }
    }

    static func point(_ series: Int64, _ timeMs: Int64, _ value: Double) -> RecentWrites.Point {
        RecentWrites.Point(series: series, timeMs: timeMs, value: value)
    }

    /// The points of the given series in the window, as the store reads them back.
    static func readBack(_ store: SQLiteStore, series: [Int64]) async throws -> Points {
        let rows = try await store.observations(SeriesFilter(ids: Set(series)), window: TimeWindow(startMs: .min, endMs: .max), after: nil, limit: .max)
        var result: Points = [:]
        for row in rows { result[row.series.id, default: []].append((row.observedAtMs, row.value)) }
        return result
    }

    @Test func theWrittenPointsOfAnInsertAreWhatAReadBackGives() async throws {
        let store = try SQLiteStore.temporary()
        let paris = SQLiteEventLogTests.cell(48.85, 2.35), tokyo = SQLiteEventLogTests.cell(35.68, 139.69)
        // Unordered times, a repeated time (the last value wins) and two regions (two events).
        let batch = [
            SQLiteEventLogTests.observation("a", cell: paris, t: 3_000, 3), SQLiteEventLogTests.observation("a", cell: paris, t: 1_000, 1),
            SQLiteEventLogTests.observation("a", cell: paris, t: 3_000, 33), SQLiteEventLogTests.observation("b", cell: tokyo, t: 2_000, 2),
        ]
        _ = try await store.insert(batch)
        let events = try await SQLiteEventLogTests.ingestEvents(store)
        #expect(events.count == 2)

        let written = store.writtenPoints(ofEvents: events.map(\.offset))
        let series = try await store.series(matching: SeriesFilter()).map(\.id)
        #expect(Self.flattened(written) == Self.flattened(try await Self.readBack(store, series: series)))
        #expect(Self.flattened(written).contains { $0.hasSuffix("@3000=33.0") })
        try await store.close()
    }

    @Test func eventsOfSeveralInsertsMergePerSeries() async throws {
        let store = try SQLiteStore.temporary()
        let paris = SQLiteEventLogTests.cell(48.85, 2.35)
        for t in stride(from: Int64(0), to: 5_000, by: 1_000) {
            _ = try await store.insert([SQLiteEventLogTests.observation("a", cell: paris, t: t, Double(t)), SQLiteEventLogTests.observation("b", cell: paris, t: t, -Double(t))])
        }
        let events = try await SQLiteEventLogTests.ingestEvents(store)
        let written = store.writtenPoints(ofEvents: events.dropFirst().map(\.offset))
        #expect(written?.count == 2)
        #expect(written?.values.allSatisfy { $0.map(\.timeMs) == [1_000, 2_000, 3_000, 4_000] } == true)
        try await store.close()
    }

    @Test func forgottenOrUnknownEventsGiveNil() {
        let recent = RecentWrites(capacity: 4)
        recent.record(offsets: 1...1, points: [Self.point(7, 1, 1), Self.point(7, 2, 2)])
        recent.record(offsets: 2...3, points: [Self.point(7, 3, 3), Self.point(8, 3, 3)])
        #expect(Self.flattened(recent.points(ofEvents: [1, 3])) == ["7@1=1.0", "7@2=2.0", "7@3=3.0", "8@3=3.0"])
        #expect(recent.points(ofEvents: [4]) == nil)

        recent.record(offsets: 4...4, points: [Self.point(9, 4, 4)])
        #expect(recent.points(ofEvents: [1]) == nil)
        #expect(recent.points(ofEvents: [1, 4]) == nil)
        #expect(Self.flattened(recent.points(ofEvents: [2, 4])) == ["7@3=3.0", "8@3=3.0", "9@4=4.0"])

        // An insert larger than the whole memory is not kept.
        recent.record(offsets: 5...5, points: (0..<5).map { Self.point(9, Int64($0), 0) })
        #expect(recent.points(ofEvents: [5]) == nil)
    }

    @Test func aSeriesWhosePointsComeInSeveralRunsGetsThemAllInTimeOrder() {
        let recent = RecentWrites()
        // Series 7 in two runs of one insert, around series 8, and again in the next insert, one time repeated.
        recent.record(offsets: 1...1, points: [Self.point(7, 1, 1), Self.point(7, 2, 2), Self.point(8, 1, 5), Self.point(7, 4, 4)])
        recent.record(offsets: 2...2, points: [Self.point(7, 3, 3), Self.point(7, 4, 40)])
        #expect(Self.flattened(recent.points(ofEvents: [1, 2])) == ["7@1=1.0", "7@2=2.0", "7@3=3.0", "7@4=40.0", "8@1=5.0"])
    }

    @Test func aBulkLoadLargerThanTheMemoryIsReadBack() async throws {
        let store = try SQLiteStore.temporary()
        let paris = SQLiteEventLogTests.cell(48.85, 2.35)
        let count = store.recentWrites.capacity + 1
        _ = try await store.insert((0..<count).map { SQLiteEventLogTests.observation("a", cell: paris, t: Int64($0), 1) })
        let events = try await SQLiteEventLogTests.ingestEvents(store)
        #expect(store.writtenPoints(ofEvents: events.map(\.offset)) == nil)
        try await store.close()
    }
}
