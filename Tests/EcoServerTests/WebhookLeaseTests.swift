import EcoCore
@testable import EcoPipeline
import EcoStore
import EcoStoreSQLite
import Foundation
import Logging
import Testing

/// Two delivery loops on one store, as two processes sharing PostgreSQL (issue #15): each event reaches each
/// webhook once, however many processes run a dispatcher, including a webhook registered through another process.
@Suite struct WebhookLeaseTests {
    static func dispatcher(_ store: SQLiteStore, allowing prefixes: [String], holder: String) -> WebhookDispatcher {
        WebhookDispatcher(store: store, allowList: WebhookAllowList(prefixes), policy: WebhookTests.fastRetries, logger: Logger(label: "test.\(holder)"),
                          holder: holder, refresh: .milliseconds(200), leaseRenewal: .milliseconds(100))
    }

    /// Registers a webhook in the store as a replica's route does: its consumer starts at the newest event.
    static func register(_ store: SQLiteStore, url: String) async throws -> WebhookRecord {
        let webhook = WebhookRecord(id: UUID().uuidString.lowercased(), url: url, secret: WebhookTests.secret, createdAtMs: 1, createdBy: "admin")
        try await store.commitConsumerOffset(webhook.consumerName, offset: try await store.latestEventOffset())
        try await store.saveWebhook(webhook)
        return webhook
    }

    /// The event offsets a receiver got, in arrival order.
    static func offsets(_ received: [WebhookReceiver.Received]) -> [Int64] {
        received.compactMap { $0.headers["x-ecotrack-event-offset"].flatMap { Int64($0) } }
    }

    @Test func twoDispatchersDeliverEachEventToEachWebhookOnce() async throws {
        let store = try SQLiteStore.temporary()
        try await WebhookReceiver.with { first in
            try await WebhookReceiver.with { second in
                let known = try await Self.register(store, url: first.url)
                let a = Self.dispatcher(store, allowing: [first.url, second.url], holder: "process-a")
                let b = Self.dispatcher(store, allowing: [first.url, second.url], holder: "process-b")
                let runA = Task { try await a.run() }
                let runB = Task { try await b.run() }
                try await Task.sleep(for: .milliseconds(300))
                // Registered "through another process": neither dispatcher is told, both find it on their next refresh.
                let later = try await Self.register(store, url: second.url)
                try await Task.sleep(for: .milliseconds(600))

                var appended: [Int64] = []
                for batch in 0..<5 {
                    appended += try await store.appendEvents((0..<6).map { WebhookTests.alert(batch * 6 + $0) }).map(\.offset)
                    try await Task.sleep(for: .milliseconds(50))
                }
                for receiver in [first, second] { _ = try await receiver.waitFor(appended.count, timeout: .seconds(120)) }
                try await Task.sleep(for: .seconds(1))  // time for a duplicate to arrive
                #expect(Self.offsets(first.received).sorted() == appended, "webhook \(known.id)")
                #expect(Self.offsets(second.received).sorted() == appended, "webhook \(later.id)")

                // One process stops (its lease is given up): the other carries on, still once per event.
                runA.cancel()
                _ = await runA.result
                let more = try await store.appendEvents((30..<36).map { WebhookTests.alert($0) }).map(\.offset)
                for receiver in [first, second] { _ = try await receiver.waitFor(appended.count + more.count, timeout: .seconds(120)) }
                try await Task.sleep(for: .seconds(1))
                #expect(Self.offsets(first.received).sorted() == appended + more)
                #expect(Self.offsets(second.received).sorted() == appended + more)
                runB.cancel()
                _ = await runB.result
            }
        }
        try await store.close()
    }
}
