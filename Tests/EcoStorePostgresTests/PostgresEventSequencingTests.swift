import EcoCore
import EcoStore
import EcoStorePostgres
import Foundation
import Testing

/// Events are numbered after their writers commit (migration 15, `EventSequencer`): offsets stay gap-free and in
/// the order readers see them while writers in two processes commit side by side, and events a writer left
/// without an offset (it died between its commit and the numbering) are numbered by the sweep.
@Suite(.enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresEventSequencingTests {
    static func event(_ index: Int) -> NewEvent {
        NewEvent(topic: "test.sequencing", key: "k\(index)", timeMs: Int64(index), payloadJSON: "{\"i\":\(index)}")
    }

    @Test func concurrentWritersInTwoProcessesGetGapFreeOffsetsThatAReaderNeverSkips() async throws {
        try await TestDatabase.withSchema { schema in
            let first = try await TestDatabase.open(schema: schema), second = try await TestDatabase.open(schema: schema)
            let writers = 8, appendsPerWriter = 25, eventsPerAppend = 3
            let total = writers * appendsPerWriter * eventsPerAppend
            // Pages by offset while the writers write, as a consumer does: a skipped offset would never be read again.
            let reader = Task { () -> [DomainEvent] in
                var seen: [DomainEvent] = []
                var after: Int64 = 0
                while seen.count < total {
                    let page = try await second.events(after: after, topics: nil, limit: 50)
                    if let last = page.last { after = last.offset } else { _ = try await second.waitForEvents(after: after) }
                    seen += page
                }
                return seen
            }
            let appended = try await withThrowingTaskGroup(of: [DomainEvent].self) { group in
                for writer in 0..<writers {
                    let store = writer.isMultiple(of: 2) ? first : second
                    group.addTask {
                        var mine: [DomainEvent] = []
                        for append in 0..<appendsPerWriter {
                            let base = (writer * appendsPerWriter + append) * eventsPerAppend
                            let stored = try await store.appendEvents((base..<base + eventsPerAppend).map(Self.event))
                            #expect(stored.map(\.offset) == stored.map(\.offset).sorted(), "one append's events keep their order")
                            #expect(stored.map(\.key) == (base..<base + eventsPerAppend).map { "k\($0)" })
                            mine += stored
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let read = try await withTimeout(.seconds(60)) { try await reader.value }
            let offsets = appended.map(\.offset).sorted()
            #expect(offsets == Array(1...Int64(total)), "gap-free offsets from 1, each given once")
            #expect(read.map(\.offset) == offsets, "the reader saw every offset once, in order")
            #expect(Dictionary(uniqueKeysWithValues: read.map { ($0.offset, $0.key) }) == Dictionary(uniqueKeysWithValues: appended.map { ($0.offset, $0.key) }),
                    "each offset names the event it was returned for")
            #expect(try await first.latestEventOffset() == Int64(total))
            try await first.close()
            try await second.close()
        }
    }

    @Test func eventsAWriterLeftWithoutAnOffsetAreNumberedByTheSweepAndWakeWaiters() async throws {
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema)
            let before = try await store.appendEvents([Self.event(0)])
            // What a writer killed between its COMMIT and its numbering leaves behind.
            _ = try await TestDatabase.sql("""
                INSERT INTO events (topic, "key", time, payload, appended_at) VALUES ('test.sequencing', 'left', 1, '{}', 0)
                """, schema: schema)
            let woken = try await withTimeout(.seconds(30)) { try await store.waitForEvents(after: before[0].offset) }
            #expect(woken == before[0].offset + 1)
            let events = try await store.events(after: before[0].offset, topics: nil, limit: 10)
            #expect(events.map(\.key) == ["left"] && events.map(\.offset) == [woken])
            // A later append is numbered after it.
            let after = try await store.appendEvents([Self.event(1)])
            #expect(after[0].offset == woken + 1)
            try await store.close()
        }
    }

    @Test func aStoreOpenedOnALogWithUnnumberedEventsNumbersThemBeforeAnswering() async throws {
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema)
            try await store.close()
            _ = try await TestDatabase.sql("""
                INSERT INTO events (topic, "key", time, payload, appended_at) VALUES ('test.sequencing', 'a', 1, '{}', 0), ('test.sequencing', 'b', 2, '{}', 0)
                """, schema: schema)
            let reopened = try await TestDatabase.open(schema: schema)
            #expect(try await reopened.latestEventOffset() == 2)
            #expect(try await reopened.events(after: 0, topics: nil, limit: 10).map(\.key) == ["a", "b"])
            try await reopened.close()
        }
    }
}
