import EcoCore
@testable import EcoStore
import Foundation
import H3
import Testing

@Suite struct EventLogTests {
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

    @Test func offsetsIncreaseStrictlyAndAreNeverReusedAcrossReopenAndPruning() async throws {
        let store = try SQLiteStore.temporary(durability: .full)
        #expect(try await store.latestEventOffset() == 0)
        let first = try await store.appendEvents([Self.event(key: "a"), Self.event(), Self.event()])
        let second = try await store.appendEvents([Self.event(), Self.event()])
        let offsets = (first + second).map(\.offset)
        #expect(offsets == offsets.sorted() && Set(offsets).count == 5 && offsets[0] > 0)
        #expect(first[0].key == "a" && first[1].key == nil)
        #expect(try await store.latestEventOffset() == offsets.last)
        #expect(try await store.pruneEvents(EventRetention(maxAgeMs: nil, maxEvents: 0), nowMs: 0) == 5)
        try await store.close()

        let reopened = try SQLiteStore(path: store.path)
        #expect(try await reopened.latestEventOffset() == offsets.last)
        #expect(try await reopened.waitForEvents(after: offsets.last! - 1) == offsets.last)
        let next = try await reopened.appendEvents([Self.event()])
        #expect(next[0].offset > offsets.last!)
        #expect(try await reopened.events(after: 0, topics: nil, limit: 10) == next)
        try await reopened.close()
    }

    @Test func eventsFilterByTopicAndPageByOffset() async throws {
        let store = try SQLiteStore.temporary()
        let topics = ["a", "b", "c"]
        let stored = try await store.appendEvents((0..<10).map { (i: Int) -> NewEvent in
            Self.event(topics[i % 3], key: "k\(i)", t: Int64(i), "{\"i\":\(i)}")
        })
        let all = try await store.events(after: 0, topics: nil, limit: 100)
        let onlyA = try await store.events(after: 0, topics: ["a"], limit: 100)
        let aAndC = try await store.events(after: 0, topics: ["a", "c"], limit: 100)
        let none = try await store.events(after: 0, topics: [], limit: 100)
        let zeroLimit = try await store.events(after: 0, topics: nil, limit: 0)
        #expect(all == stored)
        #expect(onlyA == stored.filter { $0.topic == "a" })
        #expect(aAndC == stored.filter { $0.topic != "b" })
        #expect(none.isEmpty && zeroLimit.isEmpty)
        // Paging by the last offset seen visits every event once, in order.
        var seen: [DomainEvent] = []
        var after: Int64 = 0
        while true {
            let page = try await store.events(after: after, topics: ["b", "c"], limit: 3)
            seen += page
            guard let last = page.last else { break }
            after = last.offset
        }
        #expect(seen == stored.filter { $0.topic != "a" })
        try await store.close()
    }

    @Test func anInsertWritesOneIngestEventPerResolution3CellInItsTransaction() async throws {
        let store = try SQLiteStore.temporary()
        let paris = Self.cell(48.8566, 2.3522), nearParis = Self.cell(48.8606, 2.3376), newYork = Self.cell(40.7128, -74.0060)
        #expect(H3.parent(ofResolution15: paris, at: 3) == H3.parent(ofResolution15: nearParis, at: 3))
        let batch = [
            Self.observation("p", cell: paris, t: 3_000, 1), Self.observation("p", cell: paris, t: 1_000, 2),
            Self.observation("n", cell: nearParis, t: 5_000, 3),
            Self.observation("y", cell: newYork, t: 7_000, 4), Self.observation("y", cell: newYork, t: 9_000, 5),
            // The same series again later in the batch: one entry, widened.
            Self.observation("p", cell: paris, t: 8_000, 6),
        ]
        let before = try await store.latestEventOffset()
        _ = try await store.insert(batch)
        let events = try await Self.ingestEvents(store)
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.offset > before })
        let ids = Dictionary(uniqueKeysWithValues: try await store.series(matching: SeriesFilter()).map { ($0.key.stationId, $0.id) })
        let payloads = try Dictionary(uniqueKeysWithValues: events.map { event in
            (event.key ?? "", try JSONDecoder().decode(IngestEventPayload.self, from: Data(event.payloadJSON.utf8)))
        })
        let parisKey = String(H3.parent(ofResolution15: paris, at: 3), radix: 16)
        let newYorkKey = String(H3.parent(ofResolution15: newYork, at: 3), radix: 16)
        #expect(H3Cell(hex: parisKey)?.resolution == 3)
        #expect(payloads[parisKey]?.series == [
            .init(seriesId: ids["p"]!, variable: "temperature_2m", h3Index: String(paris, radix: 16), fromMs: 1_000, toMs: 8_000, count: 3),
            .init(seriesId: ids["n"]!, variable: "temperature_2m", h3Index: String(nearParis, radix: 16), fromMs: 5_000, toMs: 5_000, count: 1),
        ].sorted { $0.seriesId < $1.seriesId })
        #expect(payloads[newYorkKey]?.series == [
            .init(seriesId: ids["y"]!, variable: "temperature_2m", h3Index: String(newYork, radix: 16), fromMs: 7_000, toMs: 9_000, count: 2),
        ])
        // Re-sent values are written too, so they are reported.
        _ = try await store.insert([Self.observation("y", cell: newYork, t: 7_000, 40)])
        let resent = try await Self.ingestEvents(store, after: events.last!.offset)
        #expect(resent.count == 1 && resent[0].key == newYorkKey)
        try await store.close()
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

    @Test func consumerOffsetsPersistAcrossReopen() async throws {
        let store = try SQLiteStore.temporary(durability: .full)
        #expect(try await store.consumerOffset("webhooks") == nil)
        try await store.commitConsumerOffset("webhooks", offset: 7)
        try await store.commitConsumerOffset("detector", offset: 3)
        try await store.commitConsumerOffset("webhooks", offset: 9)
        #expect(try await store.consumerOffset("webhooks") == 9)
        try await store.close()
        let reopened = try SQLiteStore(path: store.path)
        #expect(try await reopened.consumerOffsets() == ["webhooks": 9, "detector": 3])
        try await reopened.close()
    }

    @Test func waitReturnsAtOnceWhenAnEventIsAlreadyNewer() async throws {
        let store = try SQLiteStore.temporary()
        let stored = try await store.appendEvents([Self.event(), Self.event()])
        #expect(try await store.waitForEvents(after: 0) == stored[1].offset)
        #expect(try await store.waitForEvents(after: stored[0].offset) == stored[1].offset)
        try await store.close()
    }

    @Test func aWaiterWakesOnACommitFromAnotherTask() async throws {
        let store = try SQLiteStore.temporary()
        let waiter = Task { try await store.waitForEvents(after: 0) }
        while store.eventSignal.waiterCount == 0 { await Task.yield() }
        let appended = try await Task { try await store.appendEvents([Self.event()]) }.value
        #expect(try await waiter.value == appended[0].offset)
        // An insert's ingest events wake waiters too.
        let second = Task { try await store.waitForEvents(after: appended[0].offset) }
        while store.eventSignal.waiterCount == 0 { await Task.yield() }
        _ = try await store.insert([Self.observation("a", cell: Self.cell(1, 1), t: 0, 1)])
        #expect(try await second.value == store.latestEventOffset())
        #expect(store.eventSignal.waiterCount == 0)
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

    @Test func retentionDeletesByCountKeepingTheNewest() async throws {
        let store = try SQLiteStore.temporary()
        let stored = try await store.appendEvents((0..<10).map { _ in Self.event() })
        #expect(try await store.pruneEvents(EventRetention(maxAgeMs: nil, maxEvents: 20), nowMs: 0) == 0)
        #expect(try await store.pruneEvents(EventRetention(maxAgeMs: nil, maxEvents: 4), nowMs: 0) == 6)
        #expect(try await store.events(after: 0, topics: nil, limit: 100) == Array(stored.suffix(4)))
        #expect(try await store.pruneEvents(EventRetention(maxAgeMs: nil, maxEvents: nil), nowMs: .max) == 0)
        try await store.close()
    }

    @Test func retentionDeletesByAgeOfAppend() async throws {
        let store = try SQLiteStore.temporary()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        // Event times far in the past do not matter: age counts from the append.
        _ = try await store.appendEvents((0..<5).map { _ in Self.event(t: 0) })
        let hour: Int64 = 3_600_000
        #expect(try await store.pruneEvents(EventRetention(maxAgeMs: hour, maxEvents: nil), nowMs: now) == 0)
        #expect(try await store.pruneEvents(EventRetention(maxAgeMs: hour, maxEvents: nil), nowMs: now + 2 * hour) == 5)
        #expect(try await store.events(after: 0, topics: nil, limit: 100).isEmpty)
        try await store.close()
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
