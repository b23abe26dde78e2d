import EcoCore
import EcoStore
import Foundation
import H3

/// The promises of ``EventLog``: strictly increasing offsets never reused, topic filters, ingest events
/// written with their insert, durable consumer offsets, waits woken by commits, retention, and leases.
enum EventLogContract {
    static func ingestEvents(_ store: any EcoStore, after offset: Int64 = 0) async throws -> [DomainEvent] {
        try await store.events(after: offset, topics: [EventTopic.ingestObservations], limit: 1000)
    }

    static let cases: [ContractCase] = [
        ContractCase("EventLog", "offsets increase strictly and are never reused across reopening and pruning") { subject in
            let store = subject.store
            try expectEqual(try await store.latestEventOffset(), 0, "offset of an empty log")
            let first = try await store.appendEvents([Fixture.event(key: "a"), Fixture.event(), Fixture.event()])
            let second = try await store.appendEvents([Fixture.event(), Fixture.event()])
            let offsets = (first + second).map(\.offset)
            try expect(offsets == offsets.sorted() && Set(offsets).count == 5 && offsets[0] > 0, "offsets \(offsets)")
            try expect(first[0].key == "a" && first[1].key == nil, "keys")
            try expectEqual(try await store.latestEventOffset(), offsets.last!, "latest offset")
            try expectEqual(try await store.pruneEvents(EventRetention(maxAgeMs: nil, maxEvents: 0), nowMs: 0), 5, "pruned")
            let reopened = try await subject.reopen()
            try expectEqual(try await reopened.latestEventOffset(), offsets.last!, "latest offset after pruning and reopening")
            try expectEqual(try await reopened.waitForEvents(after: offsets.last! - 1), offsets.last!, "wait for a pruned event")
            let next = try await reopened.appendEvents([Fixture.event()])
            try expect(next[0].offset > offsets.last!, "a new offset after reopening is above every old one")
            try expectEqual(try await reopened.events(after: 0, topics: nil, limit: 10), next, "events")
        },
        ContractCase("EventLog", "events filter by topic and page by offset") { subject in
            let store = subject.store
            let topics = ["a", "b", "c"]
            let stored = try await store.appendEvents((0..<10).map { (i: Int) -> NewEvent in
                Fixture.event(topics[i % 3], key: "k\(i)", t: Int64(i), "{\"i\":\(i)}")
            })
            try expectEqual(try await store.events(after: 0, topics: nil, limit: 100), stored, "all events")
            try expectEqual(try await store.events(after: 0, topics: ["a"], limit: 100), stored.filter { $0.topic == "a" }, "topic a")
            try expectEqual(try await store.events(after: 0, topics: ["a", "c"], limit: 100), stored.filter { $0.topic != "b" }, "topics a, c")
            try expect(try await store.events(after: 0, topics: [], limit: 100).isEmpty, "no topics")
            try expect(try await store.events(after: 0, topics: nil, limit: 0).isEmpty, "limit 0")
            var seen: [DomainEvent] = []
            var after: Int64 = 0
            while true {
                let page = try await store.events(after: after, topics: ["b", "c"], limit: 3)
                seen += page
                guard let last = page.last else { break }
                after = last.offset
            }
            try expectEqual(seen, stored.filter { $0.topic != "a" }, "paged events")
        },
        ContractCase("EventLog", "an insert writes one ingest event per resolution-3 cell, in its transaction") { subject in
            let store = subject.store
            let paris = Fixture.cell(48.8566, 2.3522), nearParis = Fixture.cell(48.8606, 2.3376), newYork = Fixture.cell(40.7128, -74.0060)
            try expect(H3.parent(ofResolution15: paris, at: 3) == H3.parent(ofResolution15: nearParis, at: 3), "fixture cells share a parent")
            let batch = [
                Fixture.observation("p", cell: paris, t: 3_000, 1), Fixture.observation("p", cell: paris, t: 1_000, 2),
                Fixture.observation("n", cell: nearParis, t: 5_000, 3),
                Fixture.observation("y", cell: newYork, t: 7_000, 4), Fixture.observation("y", cell: newYork, t: 9_000, 5),
                // The same series again later in the batch: one entry, widened.
                Fixture.observation("p", cell: paris, t: 8_000, 6),
            ]
            let before = try await store.latestEventOffset()
            _ = try await store.insert(batch)
            let events = try await ingestEvents(store)
            try expectEqual(events.count, 2, "ingest events")
            try expect(events.allSatisfy { $0.offset > before }, "new offsets")
            let ids = Dictionary(uniqueKeysWithValues: try await store.series(matching: SeriesFilter()).map { ($0.key.stationId, $0.id) })
            var written: [String: [IngestEventPayload.TimeRange]] = [:]
            for event in events {
                written[event.key ?? ""] = try unwrap(IngestEventPayload.timeRanges(of: event), "time ranges of \(event.payloadJSON)")
            }
            let parisKey = String(H3.parent(ofResolution15: paris, at: 3), radix: 16)
            let newYorkKey = String(H3.parent(ofResolution15: newYork, at: 3), radix: 16)
            try expectEqual(written[parisKey], [
                .init(seriesId: ids["p"]!, fromMs: 1_000, toMs: 8_000), .init(seriesId: ids["n"]!, fromMs: 5_000, toMs: 5_000),
            ].sorted { $0.seriesId < $1.seriesId }, "Paris region")
            try expectEqual(written[newYorkKey], [.init(seriesId: ids["y"]!, fromMs: 7_000, toMs: 9_000)], "New York region")
            // Re-sent values are written too, so they are reported.
            _ = try await store.insert([Fixture.observation("y", cell: newYork, t: 7_000, 40)])
            let resent = try await ingestEvents(store, after: events.last!.offset)
            try expect(resent.count == 1 && resent[0].key == newYorkKey, "one event for the re-sent value")
        },
        ContractCase("EventLog", "consumer offsets persist across reopening") { subject in
            let store = subject.store
            try expect(try await store.consumerOffset("webhooks") == nil, "unknown consumer")
            try await store.commitConsumerOffset("webhooks", offset: 7)
            try await store.commitConsumerOffset("detector", offset: 3)
            try await store.commitConsumerOffset("webhooks", offset: 9)
            try expectEqual(try await store.consumerOffset("webhooks"), 9, "webhooks offset")
            let reopened = try await subject.reopen()
            try expectEqual(try await reopened.consumerOffsets(), ["webhooks": 9, "detector": 3], "offsets after reopening")
        },
        ContractCase("EventLog", "a wait returns at once when a newer event is committed") { subject in
            let store = subject.store
            let stored = try await store.appendEvents([Fixture.event(), Fixture.event()])
            try expectEqual(try await store.waitForEvents(after: 0), stored[1].offset, "wait after 0")
            try expectEqual(try await store.waitForEvents(after: stored[0].offset), stored[1].offset, "wait after the first")
        },
        ContractCase("EventLog", "a waiter wakes on a commit from another task, append or insert") { subject in
            let store = subject.store
            let waiter = Task { try await store.waitForEvents(after: 0) }
            try await Task.sleep(for: .milliseconds(20))
            let appended = try await store.appendEvents([Fixture.event()])
            try expectEqual(try await waiter.value, appended[0].offset, "woken by an append")
            let second = Task { try await store.waitForEvents(after: appended[0].offset) }
            try await Task.sleep(for: .milliseconds(20))
            _ = try await store.insert([Fixture.observation("a", cell: Fixture.cell(1, 1), t: 0, 1)])
            try expectEqual(try await second.value, try await store.latestEventOffset(), "woken by an insert")
        },
        ContractCase("EventLog", "waiting honours cancellation") { subject in
            let store = subject.store
            let waiter = Task { try await store.waitForEvents(after: 0) }
            try await Task.sleep(for: .milliseconds(20))
            waiter.cancel()
            try await expectThrows(CancellationError.self, "a cancelled wait") { try await waiter.value }
            let early = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await store.waitForEvents(after: 0)
            }
            try await expectThrows(CancellationError.self, "a wait cancelled before it starts") { try await early.value }
        },
        ContractCase("EventLog", "retention deletes by count, keeping the newest") { subject in
            let store = subject.store
            let stored = try await store.appendEvents((0..<10).map { _ in Fixture.event() })
            try expectEqual(try await store.pruneEvents(EventRetention(maxAgeMs: nil, maxEvents: 20), nowMs: 0), 0, "under the limit")
            try expectEqual(try await store.pruneEvents(EventRetention(maxAgeMs: nil, maxEvents: 4), nowMs: 0), 6, "over the limit")
            try expectEqual(try await store.events(after: 0, topics: nil, limit: 100), Array(stored.suffix(4)), "kept")
            try expectEqual(try await store.pruneEvents(EventRetention(maxAgeMs: nil, maxEvents: nil), nowMs: .max), 0, "no limits")
        },
        ContractCase("EventLog", "retention deletes by age of append, not event time") { subject in
            let store = subject.store
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            _ = try await store.appendEvents((0..<5).map { _ in Fixture.event(t: 0) })
            let hour = Fixture.hour
            try expectEqual(try await store.pruneEvents(EventRetention(maxAgeMs: hour, maxEvents: nil), nowMs: now), 0, "young events")
            try expectEqual(try await store.pruneEvents(EventRetention(maxAgeMs: hour, maxEvents: nil), nowMs: now + 2 * hour), 5, "old events")
            try expect(try await store.events(after: 0, topics: nil, limit: 100).isEmpty, "nothing left")
        },
        ContractCase("EventLog", "a consumer lease has one holder at a time, is renewed by it, and expires") { subject in
            let store = subject.store
            try expect(try await store.acquireConsumerLease("detection", holder: "a", ttlMs: 1_000, nowMs: 0), "a takes the free lease")
            try expect(try await !store.acquireConsumerLease("detection", holder: "b", ttlMs: 1_000, nowMs: 500), "b is refused while a holds it")
            try expect(try await store.acquireConsumerLease("detection", holder: "a", ttlMs: 1_000, nowMs: 900), "a renews")
            try expect(try await !store.acquireConsumerLease("detection", holder: "b", ttlMs: 1_000, nowMs: 1_500), "the renewal counts from 900")
            try expect(try await store.acquireConsumerLease("detection", holder: "b", ttlMs: 1_000, nowMs: 1_900), "b takes the expired lease")
            try expect(try await !store.acquireConsumerLease("detection", holder: "a", ttlMs: 1_000, nowMs: 2_000), "a lost it")
            try expect(try await store.acquireConsumerLease("webhook:1", holder: "a", ttlMs: 1_000, nowMs: 2_000), "names are independent")
            try await store.releaseConsumerLease("detection", holder: "a")
            try expect(try await !store.acquireConsumerLease("detection", holder: "a", ttlMs: 1_000, nowMs: 2_100), "only the holder releases")
            try await store.releaseConsumerLease("detection", holder: "b")
            try expect(try await store.acquireConsumerLease("detection", holder: "a", ttlMs: 1_000, nowMs: 2_100), "a released lease is free")
        },
        ContractCase("EventLog", "the unexpired leases of a name prefix are listed with their holders") { subject in
            let store = subject.store
            for (name, holder, expiresAt) in [("detection.member.a", "a", 1_000), ("detection.member.b", "b", 500), ("detection.p0of2", "a", 1_000),
                                              ("detection", "c", 1_000), ("detection_member.x", "x", 1_000), ("webhook:1", "a", 1_000)] {
                try expect(try await store.acquireConsumerLease(name, holder: holder, ttlMs: Int64(expiresAt), nowMs: 0), "claim \(name)")
            }
            try expectEqual(try await store.consumerLeases(prefix: "detection.member.", nowMs: 400), ["detection.member.a": "a", "detection.member.b": "b"], "members")
            try expectEqual(try await store.consumerLeases(prefix: "detection_", nowMs: 400), ["detection_member.x": "x"], "`_` is a plain character")
            try expectEqual(try await store.consumerLeases(prefix: "detection.member.", nowMs: 500), ["detection.member.a": "a"], "b's lease expired at 500")
            try expectEqual(try await store.consumerLeases(prefix: "detection.", nowMs: 999), ["detection.member.a": "a", "detection.p0of2": "a"], "prefix")
            try await store.releaseConsumerLease("detection.p0of2", holder: "a")
            try expectEqual(try await store.consumerLeases(prefix: "detection.p", nowMs: 0), [:], "a released lease is not listed")
            try expectEqual(try await store.consumerLeases(prefix: "", nowMs: 1_000), [:], "every lease expired")
        },
        ContractCase("EventLog", "concurrent claims of one lease have exactly one winner") { subject in
            let store = subject.store
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<8 { group.addTask { try await store.acquireConsumerLease("detection", holder: "p\(i)", ttlMs: 60_000, nowMs: 10) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            try expectEqual(winners, 1, "winners")
        },
    ]
}
