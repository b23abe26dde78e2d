import EcoCore
import EcoStore

extension SQLiteStore: AlertRuleStore {
    public func saveRule(_ rule: AlertRuleRecord) async throws {
        try await writer.submit { db in
            let upsert = try db.statement("INSERT OR REPLACE INTO alert_rules (\(AlertRows.ruleColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            upsert.bind(1, rule.id).bind(2, rule.name).bind(3, rule.variable).bind(4, rule.domain).bind(5, rule.direction)
                .bind(6, rule.threshold).bind(7, rule.clearThreshold).bind(8, rule.forMs).bind(9, rule.keepFiringForMs)
                .bind(10, rule.severity).bind(11, Int64(rule.enabled ? 1 : 0)).bind(12, rule.organization)
                .bind(13, rule.createdAtMs).bind(14, rule.updatedAtMs)
            try upsert.run()
            let stored = try EventRows.append([NewEvent.ruleChanged(rule.id, atMs: rule.updatedAtMs)], on: db)
            return ((), afterCommit: { self.publishEvents(stored) })
        }
    }

    public func rule(id: String) async throws -> AlertRuleRecord? {
        try await readers.read { db in
            let query = try db.statement("SELECT \(AlertRows.ruleColumns) FROM alert_rules WHERE id = ?")
            query.bind(1, id)
            defer { query.reset() }
            return try query.step() ? AlertRows.readRule(query) : nil
        }
    }

    public func rules() async throws -> [AlertRuleRecord] {
        try await readers.read { db in
            let query = try db.statement("SELECT \(AlertRows.ruleColumns) FROM alert_rules ORDER BY name, id")
            defer { query.reset() }
            var result: [AlertRuleRecord] = []
            while try query.step() { result.append(AlertRows.readRule(query)) }
            return result
        }
    }

    public func deleteRule(id: String) async throws -> Bool {
        try await writer.submit { db in
            let delete = try db.statement("DELETE FROM alert_rules WHERE id = ?")
            delete.bind(1, id)
            try delete.run()
            guard db.changes > 0 else { return (false, afterCommit: nil) }
            let stored = try EventRows.append([NewEvent.ruleChanged(id, atMs: EventRows.nowMs())], on: db)
            return (true, afterCommit: { self.publishEvents(stored) })
        }
    }
}
