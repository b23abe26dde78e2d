@testable import EcoStore
import Foundation
import Testing

@Suite struct WebhookStoreTests {
    static func webhook(_ id: String, createdAtMs: Int64 = 1, domains: [String]? = nil) -> WebhookRecord {
        WebhookRecord(id: id, url: "https://hooks.example.org/\(id)", secret: "0123456789abcdef-\(id)", domains: domains,
                      severities: domains == nil ? nil : ["critical"], organization: "Org", createdAtMs: createdAtMs, createdBy: "u1")
    }

    @Test func webhooksRoundTripWithTheirFiltersAndListOldestFirst() async throws {
        let store = try SQLiteStore.temporary()
        let late = Self.webhook("b", createdAtMs: 20, domains: ["climate", "air_quality"])
        let early = Self.webhook("a", createdAtMs: 10)
        try await store.saveWebhook(late)
        try await store.saveWebhook(early)
        #expect(try await store.webhook(id: "b") == late)
        #expect(try await store.webhook(id: "a")?.domains == nil)
        #expect(try await store.webhook(id: "a")?.topics == WebhookRecord.defaultTopics)
        #expect(try await store.webhook(id: "missing") == nil)
        #expect(try await store.webhooks().map(\.id) == ["a", "b"])
        var disabled = early
        disabled.enabled = false
        try await store.saveWebhook(disabled)
        #expect(try await store.webhook(id: "a")?.enabled == false)
        #expect(try await store.webhooks().count == 2)
        try await store.close()
    }

    @Test func deliveriesAndConsumerOffsetsAreDeletedWithTheirWebhook() async throws {
        let store = try SQLiteStore.temporary()
        try await store.saveWebhook(Self.webhook("a"))
        try await store.saveWebhook(Self.webhook("b"))
        try await store.commitConsumerOffset(Self.webhook("a").consumerName, offset: 3)
        try await store.commitConsumerOffset(Self.webhook("b").consumerName, offset: 4)
        let attempts = [
            WebhookDelivery(webhookID: "a", eventOffset: 7, attempt: 1, status: .failed, httpStatus: 500, error: "HTTP 500", durationMs: 3, atMs: 100),
            WebhookDelivery(webhookID: "a", eventOffset: 7, attempt: 2, status: .failed, error: "refused", durationMs: 1, atMs: 200),
            WebhookDelivery(webhookID: "a", eventOffset: 7, attempt: 3, status: .delivered, httpStatus: 204, durationMs: 2, atMs: 300),
            WebhookDelivery(webhookID: "b", eventOffset: 8, attempt: 1, status: .gaveUp, error: "timeout", durationMs: 10, atMs: 400),
        ]
        for attempt in attempts { try await store.recordDelivery(attempt) }
        #expect(try await store.deliveries(webhookID: "a", limit: 10) == attempts[0..<3].reversed())
        #expect(try await store.deliveries(webhookID: "a", limit: 1) == [attempts[2]])
        #expect(try await store.deliveries(webhookID: "b", limit: 10).first?.status == .gaveUp)
        #expect(try await store.deleteWebhook(id: "a"))
        #expect(try await !store.deleteWebhook(id: "a"))
        #expect(try await store.deliveries(webhookID: "a", limit: 10).isEmpty)
        #expect(try await store.deliveries(webhookID: "b", limit: 10).count == 1)
        #expect(try await store.webhooks().map(\.id) == ["b"])
        #expect(try await store.consumerOffsets() == [Self.webhook("b").consumerName: 4])
        try await store.close()
    }

    @Test func theDeliveryLogKeepsTheNewestAttemptsPerWebhook() async throws {
        let store = try SQLiteStore.temporary()
        let total = webhookDeliveryLogLimit + 200
        // Ten concurrent writers share group commits, which keeps 10,200 single inserts quick.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in stride(from: 0, to: total, by: 1000) {
                group.addTask {
                    for offset in chunk..<min(chunk + 1000, total) {
                        try await store.recordDelivery(WebhookDelivery(webhookID: "a", eventOffset: Int64(offset), attempt: 1, status: .delivered,
                                                                       durationMs: 1, atMs: Int64(offset)))
                    }
                }
            }
            try await group.waitForAll()
        }
        let kept = try await store.deliveries(webhookID: "a", limit: total).count
        #expect(kept >= webhookDeliveryLogLimit && kept < webhookDeliveryLogLimit + 64)
        try await store.close()
    }
}
