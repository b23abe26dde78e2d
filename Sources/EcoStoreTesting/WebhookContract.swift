import EcoCore
import EcoStore
import Foundation

/// The promises of ``WebhookStore``: webhooks with their filters, the delivery log, deletion with offsets.
enum WebhookContract {
    static func webhook(_ id: String, createdAtMs: Int64 = 1, domains: [String]? = nil) -> WebhookRecord {
        WebhookRecord(id: id, url: "https://hooks.example.org/\(id)", secret: "0123456789abcdef-\(id)", domains: domains,
                      severities: domains == nil ? nil : ["critical"], organization: "Org", createdAtMs: createdAtMs, createdBy: "u1")
    }

    static let cases: [ContractCase] = [
        ContractCase("WebhookStore", "webhooks round trip with their filters and list oldest first") { subject in
            let store = subject.store
            let late = webhook("b", createdAtMs: 20, domains: ["climate", "air_quality"])
            let early = webhook("a", createdAtMs: 10)
            try await store.saveWebhook(late)
            try await store.saveWebhook(early)
            try expect(try await store.webhook(id: "b") == late)
            try expect(try await store.webhook(id: "a")?.domains == nil)
            try expect(try await store.webhook(id: "a")?.topics == WebhookRecord.defaultTopics)
            try expect(try await store.webhook(id: "missing") == nil)
            try expect(try await store.webhooks().map(\.id) == ["a", "b"])
            var disabled = early
            disabled.enabled = false
            try await store.saveWebhook(disabled)
            try expect(try await store.webhook(id: "a")?.enabled == false)
            try expect(try await store.webhooks().count == 2)
        },
        ContractCase("WebhookStore", "deliveries and consumer offsets are deleted with their webhook") { subject in
            let store = subject.store
            try await store.saveWebhook(webhook("a"))
            try await store.saveWebhook(webhook("b"))
            try await store.commitConsumerOffset(webhook("a").consumerName, offset: 3)
            try await store.commitConsumerOffset(webhook("b").consumerName, offset: 4)
            let attempts = [
                WebhookDelivery(webhookID: "a", eventOffset: 7, attempt: 1, status: .failed, httpStatus: 500, error: "HTTP 500", durationMs: 3, atMs: 100),
                WebhookDelivery(webhookID: "a", eventOffset: 7, attempt: 2, status: .failed, error: "refused", durationMs: 1, atMs: 200),
                WebhookDelivery(webhookID: "a", eventOffset: 7, attempt: 3, status: .delivered, httpStatus: 204, durationMs: 2, atMs: 300),
                WebhookDelivery(webhookID: "b", eventOffset: 8, attempt: 1, status: .gaveUp, error: "timeout", durationMs: 10, atMs: 400),
            ]
            for attempt in attempts { try await store.recordDelivery(attempt) }
            try expect(try await store.deliveries(webhookID: "a", limit: 10) == attempts[0..<3].reversed())
            try expect(try await store.deliveries(webhookID: "a", limit: 1) == [attempts[2]])
            try expect(try await store.deliveries(webhookID: "b", limit: 10).first?.status == .gaveUp)
            try expect(try await store.deleteWebhook(id: "a"))
            try expect(try await !store.deleteWebhook(id: "a"))
            try expect(try await store.deliveries(webhookID: "a", limit: 10).isEmpty)
            try expect(try await store.deliveries(webhookID: "b", limit: 10).count == 1)
            try expect(try await store.webhooks().map(\.id) == ["b"])
            try expect(try await store.consumerOffsets() == [webhook("b").consumerName: 4])
        },
        ContractCase("WebhookStore", "the delivery log keeps the newest attempts per webhook") { subject in
            let store = subject.store
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
            try expect(kept >= webhookDeliveryLogLimit && kept < webhookDeliveryLogLimit + 64)
        },
    ]
}
