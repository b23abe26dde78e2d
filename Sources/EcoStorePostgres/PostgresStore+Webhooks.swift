import EcoCore
import EcoStore
import PostgresNIO

extension PostgresStore: WebhookStore {
    private static let webhookColumns = "id, url, secret, topics, domains, severities, enabled, organization, created_at, created_by"
    private static let deliveryColumns = "webhook_id, event_offset, attempt, status, http_status, error, duration_ms, at"

    public func saveWebhook(_ webhook: WebhookRecord) async throws {
        try await database.execute("""
            INSERT INTO webhooks (\(unescaped: Self.webhookColumns)) VALUES (\(webhook.id), \(webhook.url), \(webhook.secret),
                \(webhook.topics), \(webhook.domains), \(webhook.severities),
                \(webhook.enabled), \(webhook.organization), \(webhook.createdAtMs), \(webhook.createdBy))
            ON CONFLICT (id) DO UPDATE SET url = excluded.url, secret = excluded.secret, topics = excluded.topics,
                domains = excluded.domains, severities = excluded.severities, enabled = excluded.enabled,
                organization = excluded.organization, created_at = excluded.created_at, created_by = excluded.created_by
            """)
    }

    public func webhook(id: String) async throws -> WebhookRecord? {
        try await database.rows("SELECT \(unescaped: Self.webhookColumns) FROM webhooks WHERE id = \(id)", Self.readWebhook).first
    }

    public func webhooks() async throws -> [WebhookRecord] {
        try await database.rows("SELECT \(unescaped: Self.webhookColumns) FROM webhooks ORDER BY created_at, id", Self.readWebhook)
    }

    public func deleteWebhook(id: String) async throws -> Bool {
        try await database.transaction { connection in
            let deleted = try await connection.collect("DELETE FROM webhooks WHERE id = \(id) RETURNING 1", logger: database.logger)
            try await connection.run("DELETE FROM webhook_deliveries WHERE webhook_id = \(id)", logger: database.logger)
            // Its consumer offset goes too: a deleted webhook must not linger in the consumer list.
            try await connection.run("DELETE FROM event_consumers WHERE name = \("webhook:\(id)")", logger: database.logger)
            return !deleted.isEmpty
        }
    }

    public func recordDelivery(_ delivery: WebhookDelivery) async throws {
        let id = try await database.rows("""
            INSERT INTO webhook_deliveries (\(unescaped: Self.deliveryColumns)) VALUES (\(delivery.webhookID), \(delivery.eventOffset),
                \(delivery.attempt), \(delivery.status.rawValue), \(delivery.httpStatus), \(delivery.error), \(delivery.durationMs), \(delivery.atMs))
            RETURNING id
            """) { try $0.decode(Int64.self) }.first ?? 0
        // Pruning walks up to `webhookDeliveryLogLimit` index entries, so it runs on every 64th row only.
        guard id % 64 == 0 else { return }
        try await database.execute("""
            DELETE FROM webhook_deliveries WHERE webhook_id = \(delivery.webhookID) AND id < (
                SELECT id FROM webhook_deliveries WHERE webhook_id = \(delivery.webhookID) ORDER BY id DESC LIMIT 1 OFFSET \(webhookDeliveryLogLimit - 1))
            """)
    }

    public func deliveries(webhookID: String, limit: Int) async throws -> [WebhookDelivery] {
        try await database.rows("""
            SELECT \(unescaped: Self.deliveryColumns) FROM webhook_deliveries WHERE webhook_id = \(webhookID) ORDER BY id DESC LIMIT \(max(0, limit))
            """) { row in
            let (webhook, offset, attempt, status, http, error, duration, at) =
                try row.decode((String, Int64, Int, String, Int?, String?, Int64, Int64).self)
            return WebhookDelivery(webhookID: webhook, eventOffset: offset, attempt: attempt, status: WebhookDelivery.Status(rawValue: status) ?? .failed,
                                   httpStatus: http, error: error, durationMs: duration, atMs: at)
        }
    }

    private static func readWebhook(_ row: PostgresRow) throws -> WebhookRecord {
        let (id, url, secret, topics, domains, severities, enabled, organization, created, creator) =
            try row.decode((String, String, String, [String], [String]?, [String]?, Bool, String, Int64, String).self)
        return WebhookRecord(id: id, url: url, secret: secret, topics: topics, domains: domains, severities: severities, enabled: enabled,
                             organization: organization, createdAtMs: created, createdBy: creator)
    }
}
