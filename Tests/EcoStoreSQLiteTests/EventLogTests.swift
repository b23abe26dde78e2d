import EcoCore
import EcoStore

@testable import EcoStoreSQLite
import Foundation
import H3
import Testing

/// What only the SQLite adapter does with the event log: group-commit rollbacks, pruning in chunks, its
/// waiter bookkeeping, and the bytes of ingest payloads. The port's promises are in EcoStoreTesting.
@Suite struct SQLiteEventLogTests {
    static func event(_ topic: String = "test.topic", key: String? = nil, t: Int64 = 1, _ payload: String = "{}") -> NewEvent {
        NewEvent(topic: topic, key: key, timeMs: t, payloadJSON: payload)
    }

    static func cell(_ lat: Double, _ lng: Double) -> UInt64 {
        H3.latLngToCellIndex(latitude: lat, longitude: lng, resolution: 15)
    }

    static func observation(_ station: String, cell: UInt64, t: Int64, _ value: Double, variable: String = "temperature_2m") -> Observation {
        Observation(series: SeriesKey(variable: variable, source: "test", stationId: station, cell: cell), lat: 1, lng: 2, observedAtMs: t, value: value)
    }

    static func ingestEvents(_ store: SQLiteStore, after offset: Int64 = 0) async throws -> [DomainEvent] {
        try await store.events(after: offset, topics: [EventTopic.ingestObservations], limit: 1000)
    }

    @Test func aFailedInsertWritesNoEventsWhileItsGroupmatesKeepTheirs() async throws {
        let store = try SQLiteStore.temporary()
        let cell = Self.cell(10, 10)
        // NaN binds as NULL and violates NOT NULL in the middle of the job: its savepoint rolls back.
        let bad = [Self.observation("a", cell: cell, t: 0, 1), Self.observation("a", cell: cell, t: 1, .nan)]
        await #expect(throws: SQLiteError.self) { _ = try await store.insert(bad) }
        #expect(try await Self.ingestEvents(store).isEmpty)
        #expect(try await store.latestEventOffset() == 0)

        try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<6 {
                group.addTask {
                    do {
                        _ = try await store.insert(i % 2 == 0 ? bad : [Self.observation("s\(i)", cell: cell, t: 0, 1)])
                        return true
                    } catch { return false }
                }
            }
            var succeeded = 0
            for try await ok in group where ok { succeeded += 1 }
            #expect(succeeded == 3)
        }
        let events = try await Self.ingestEvents(store)
        let payloads = try events.map { try JSONDecoder().decode(IngestEventPayload.self, from: Data($0.payloadJSON.utf8)) }
        #expect(payloads.flatMap(\.timeRanges).count == 3, "one series per successful insert")
        #expect(try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 100).count == 3)
        try await store.close()
    }

    @Test func waitingHonoursCancellationAndClose() async throws {
        let store = try SQLiteStore.temporary()
        let waiter = Task { try await store.waitForEvents(after: 0) }
        while store.eventSignal.waiterCount == 0 { await Task.yield() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(store.eventSignal.waiterCount == 0)

        // Cancelled before it starts waiting.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await store.waitForEvents(after: 0)
        }
        await #expect(throws: CancellationError.self) { try await early.value }

        let pending = Task { try await store.waitForEvents(after: 0) }
        while store.eventSignal.waiterCount == 0 { await Task.yield() }
        try await store.close()
        await #expect(throws: StoreError.closed) { try await pending.value }
    }

    @Test func pruningALargeBacklogGoesInChunksAndDeletesAll() async throws {
        let store = try SQLiteStore.temporary()
        let count = SQLiteStore.pruneChunk * 2 + 5
        let stored = try await store.appendEvents((0..<count).map { _ in Self.event() })
        #expect(try await store.pruneEvents(EventRetention(maxAgeMs: nil, maxEvents: 1), nowMs: 0) == count - 1)
        #expect(try await store.events(after: 0, topics: nil, limit: 10) == [stored.last!])
        try await store.close()
    }

    @Test func ingestPayloadsGroupSeriesIntoRunsOfEqualTimeRange() throws {
        var builder = IngestEvents()
        let cell = Self.cell(-33.9, 18.4)
        let key = SeriesKey(variable: "v", source: "s", stationId: "x", cell: cell)
        builder.add(seriesID: 2, key: key, fromMs: -5, toMs: 9, count: 4)
        builder.add(seriesID: 1, key: key, fromMs: 0, toMs: 0, count: 1)
        builder.add(seriesID: 2, key: key, fromMs: 10, toMs: 12, count: 2)
        builder.add(seriesID: 7, key: key, fromMs: 0, toMs: 0, count: 1)
        let events = builder.events(timeMs: 42)
        #expect(events.count == 1 && events[0].timeMs == 42 && events[0].topic == EventTopic.ingestObservations)
        #expect(events[0].payloadJSON == #"{"runs":[{"fromMs":-5,"toMs":12,"seriesIds":[2]},{"fromMs":0,"toMs":0,"seriesIds":[1,7]}]}"#)
        let payload = try JSONDecoder().decode(IngestEventPayload.self, from: Data(events[0].payloadJSON.utf8))
        #expect(payload == IngestEventPayload(runs: [.init(fromMs: -5, toMs: 12, seriesIds: [2]), .init(fromMs: 0, toMs: 0, seriesIds: [1, 7])]))
        // Detection's quick reading of the same payload agrees with the full decoding.
        #expect(IngestEventPayload.timeRanges(inJSON: events[0].payloadJSON) == payload.timeRanges)
    }

    @Test func aHundredStationsWithOneReadingEachCostAFewHundredBytes() {
        var builder = IngestEvents()
        for id in 1...100 {
            builder.add(seriesID: Int64(1000 + id), key: SeriesKey(variable: "pm25", source: "s", stationId: "s\(id)", cell: Self.cell(48.8, 2.3)),
                        fromMs: 1_767_225_600_000, toMs: 1_767_225_600_000, count: 1)
        }
        #expect(builder.events(timeMs: 0)[0].payloadJSON.utf8.count < 600)
    }

    @Test func payloadsOfTheFirstFormatStillDecode() throws {
        let legacy = #"{"series":[{"seriesId":1,"variable":"v","h3Index":"8f","fromMs":5,"toMs":6,"count":2}]}"#
        #expect(IngestEventPayload.timeRanges(inJSON: legacy) == nil, "left to the full decoder")
        let event = DomainEvent(offset: 1, topic: EventTopic.ingestObservations, key: nil, timeMs: 0, payloadJSON: legacy)
        #expect(IngestEventPayload.timeRanges(of: event) == [.init(seriesId: 1, fromMs: 5, toMs: 6)])
    }

    @Test(arguments: [#"{"runs":[{"fromMs":5,"seriesIds":[1]}]}"#, #"{"runs":[{"fromMs":5,"toMs":6,"seriesIds":[x]}]}"#,
                      #"{"runs":[{"fromMs":5,"toMs":99999999999999999999,"seriesIds":[1]}]}"#, #"{"runs":[{"fromMs":5,"toMs":6,"seriesIds":[1"#])
    func aPayloadTheQuickReadingCannotReadIsLeftToTheDecoder(_ json: String) {
        #expect(IngestEventPayload.timeRanges(inJSON: json) == nil)
    }

    @Test(arguments: [Int64.min, -1_700_000_000_000, -10, -1, 0, 1, 9, 10, 123_456_789, Int64.max])
    func payloadNumbersAreWrittenAsSwiftPrintsThem(_ value: Int64) {
        var decimal: [UInt8] = []
        IngestEvents.appendDecimal(value, to: &decimal)
        #expect(String(decoding: decimal, as: UTF8.self) == String(value))
    }
}
