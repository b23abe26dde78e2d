import EcoCore
import EcoStore
import Foundation

extension SQLiteStore: WebhookStore {
    private static let webhookColumns = "id, url, secret, topics, domains, severities, enabled, organization, created_at, created_by"
    private static let deliveryColumns = "webhook_id, event_offset, attempt, status, http_status, error, duration_ms, at"

    public func saveWebhook(_ webhook: WebhookRecord) async throws {
        try await writer.submit { db in
            let upsert = try db.statement("INSERT OR REPLACE INTO webhooks (\(Self.webhookColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            upsert.bind(1, webhook.id).bind(2, webhook.url).bind(3, webhook.secret).bind(4, Self.jsonList(webhook.topics))
                .bind(5, webhook.domains.map(Self.jsonList)).bind(6, webhook.severities.map(Self.jsonList))
                .bind(7, Int64(webhook.enabled ? 1 : 0)).bind(8, webhook.organization).bind(9, webhook.createdAtMs).bind(10, webhook.createdBy)
            try upsert.run()
            return ((), afterCommit: nil)
        }
    }

    public func webhook(id: String) async throws -> WebhookRecord? {
        try await readers.read { db in
            try Self.rows(db.statement("SELECT \(Self.webhookColumns) FROM webhooks WHERE id = ?").bind(1, id), Self.readWebhook).first
        }
    }

    public func webhooks() async throws -> [WebhookRecord] {
        try await readers.read { db in
            try Self.rows(db.statement("SELECT \(Self.webhookColumns) FROM webhooks ORDER BY created_at, id"), Self.readWebhook)
        }
    }

    public func deleteWebhook(id: String) async throws -> Bool {
        try await writer.submit { db in
            let delete = try db.statement("DELETE FROM webhooks WHERE id = ?")
            delete.bind(1, id)
            try delete.run()
            let existed = db.changes > 0
            let log = try db.statement("DELETE FROM webhook_deliveries WHERE webhook_id = ?")
            log.bind(1, id)
            try log.run()
            // Its consumer offset goes too: a deleted webhook must not linger in the consumer list.
            let consumer = try db.statement("DELETE FROM event_consumers WHERE name = ?")
            consumer.bind(1, "webhook:\(id)")
            try consumer.run()
            return (existed, afterCommit: nil)
        }
    }

    public func recordDelivery(_ delivery: WebhookDelivery) async throws {
        try await writer.submit { db in
            let insert = try db.statement("INSERT INTO webhook_deliveries (\(Self.deliveryColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
            insert.bind(1, delivery.webhookID).bind(2, delivery.eventOffset).bind(3, Int64(delivery.attempt)).bind(4, delivery.status.rawValue)
                .bind(6, delivery.error).bind(7, delivery.durationMs).bind(8, delivery.atMs)
            // Left unbound, a parameter is NULL (`statement` clears bindings).
            if let status = delivery.httpStatus { insert.bind(5, Int64(status)) }
            let id = try insert.step() ? insert.int64(0) : 0
            insert.reset()
            // Pruning walks up to `webhookDeliveryLogLimit` index entries, so it runs on every 64th row only.
            if id % 64 == 0 {
                let prune = try db.statement("""
                    DELETE FROM webhook_deliveries WHERE webhook_id = ?1 AND id < (
                        SELECT id FROM webhook_deliveries WHERE webhook_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)
                    """)
                prune.bind(1, delivery.webhookID).bind(2, Int64(webhookDeliveryLogLimit - 1))
                try prune.run()
            }
            return ((), afterCommit: nil)
        }
    }

    public func deliveries(webhookID: String, limit: Int) async throws -> [WebhookDelivery] {
        try await readers.read { db in
            let query = try db.statement("SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?")
            query.bind(1, webhookID).bind(2, Int64(max(0, limit)))
            return try Self.rows(query, Self.readDelivery)
        }
    }

    private static func rows<T>(_ statement: SQLiteStatement, _ read: (SQLiteStatement) throws -> T) throws -> [T] {
        defer { statement.reset() }
        var result: [T] = []
        while try statement.step() { result.append(try read(statement)) }
        return result
    }

    private static func readWebhook(_ row: SQLiteStatement) -> WebhookRecord {
        WebhookRecord(id: row.string(0), url: row.string(1), secret: row.string(2), topics: list(row.string(3)) ?? [],
                      domains: row.isNull(4) ? nil : list(row.string(4)), severities: row.isNull(5) ? nil : list(row.string(5)),
                      enabled: row.int64(6) != 0, organization: row.string(7), createdAtMs: row.int64(8), createdBy: row.string(9))
    }

    private static func readDelivery(_ row: SQLiteStatement) -> WebhookDelivery {
        WebhookDelivery(webhookID: row.string(0), eventOffset: row.int64(1), attempt: Int(row.int64(2)),
                        status: WebhookDelivery.Status(rawValue: row.string(3)) ?? .failed,
                        httpStatus: row.isNull(4) ? nil : Int(row.int64(4)), error: row.isNull(5) ? nil : row.string(5),
                        durationMs: row.int64(6), atMs: row.int64(7))
    }

    private static func jsonList(_ values: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
    }

    private static func list(_ json: String) -> [String]? {
        try? JSONDecoder().decode([String].self, from: Data(json.utf8))
    }
}
