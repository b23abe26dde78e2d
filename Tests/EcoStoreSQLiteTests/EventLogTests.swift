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
        #expect(payloads.flatMap(\.series).map(\.count).reduce(0, +) == 3)
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

    @Test(arguments: ["pm25", "odd \"name\" with \\ and\nnewline\u{1}", "température_2m", #"x","seriesId":7,"toMs":99,"#])
    func ingestPayloadsAreValidJSONWhateverTheVariableName(_ variable: String) throws {
        var builder = IngestEvents()
        let cell = Self.cell(-33.9, 18.4)
        builder.add(seriesID: 2, key: SeriesKey(variable: variable, source: "s", stationId: "x", cell: cell), fromMs: -5, toMs: 9, count: 4)
        builder.add(seriesID: 1, key: SeriesKey(variable: "v", source: "s", stationId: "y", cell: cell), fromMs: 0, toMs: 0, count: 1)
        builder.add(seriesID: 2, key: SeriesKey(variable: variable, source: "s", stationId: "x", cell: cell), fromMs: 10, toMs: 12, count: 2)
        let events = builder.events(timeMs: 42)
        #expect(events.count == 1 && events[0].timeMs == 42 && events[0].topic == EventTopic.ingestObservations)
        let payload = try JSONDecoder().decode(IngestEventPayload.self, from: Data(events[0].payloadJSON.utf8))
        #expect(payload == IngestEventPayload(series: [
            .init(seriesId: 1, variable: "v", h3Index: String(cell, radix: 16), fromMs: 0, toMs: 0, count: 1),
            .init(seriesId: 2, variable: variable, h3Index: String(cell, radix: 16), fromMs: -5, toMs: 12, count: 6),
        ]))
        // Detection's quick reading of the same payload agrees with the full decoding.
        #expect(IngestEventPayload.timeRanges(inJSON: events[0].payloadJSON) == payload.series.map {
            IngestEventPayload.TimeRange(seriesId: $0.seriesId, fromMs: $0.fromMs, toMs: $0.toMs)
        })
    }

    @Test(arguments: [#"{"series":[{"seriesId":1,"fromMs":5}]}"#, #"{"series":[{"seriesId":x,"fromMs":5,"toMs":6}]}"#,
                      #"{"series":[{"seriesId":1,"fromMs":5,"toMs":99999999999999999999}]}"#])
    func aPayloadTheQuickReadingCannotReadIsLeftToTheDecoder(_ json: String) {
        #expect(IngestEventPayload.timeRanges(inJSON: json) == nil)
    }

    @Test(arguments: [Int64.min, -1_700_000_000_000, -10, -1, 0, 1, 9, 10, 123_456_789, Int64.max])
    func payloadNumbersAreWrittenAsSwiftPrintsThem(_ value: Int64) {
        var decimal: [UInt8] = []
        IngestEvents.appendDecimal(value, to: &decimal)
        #expect(String(decoding: decimal, as: UTF8.self) == String(value))
        var hex: [UInt8] = []
        IngestEvents.appendHex(value.magnitude, to: &hex)
        #expect(String(decoding: hex, as: UTF8.self) == String(value.magnitude, radix: 16))
    }
}
