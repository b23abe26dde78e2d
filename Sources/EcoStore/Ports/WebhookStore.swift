import EcoCore

/// Storage of webhooks and their delivery log (issue #5, Delivery).
public protocol WebhookStore: Sendable {
    /// Inserts the webhook, or replaces the one with the same id.
    func saveWebhook(_ webhook: WebhookRecord) async throws
    func webhook(id: String) async throws -> WebhookRecord?
    /// Every webhook, oldest first.
    func webhooks() async throws -> [WebhookRecord]
    /// Deletes the webhook and its delivery log; false when there was none.
    func deleteWebhook(id: String) async throws -> Bool
    /// Appends one attempt to the delivery log (which keeps the newest ``webhookDeliveryLogLimit`` per webhook).
    func recordDelivery(_ delivery: WebhookDelivery) async throws
    /// The newest `limit` attempts of a webhook, newest first.
    func deliveries(webhookID: String, limit: Int) async throws -> [WebhookDelivery]
}

/// How many attempts the delivery log keeps per webhook; older ones are pruned.
public let webhookDeliveryLogLimit = 10_000
