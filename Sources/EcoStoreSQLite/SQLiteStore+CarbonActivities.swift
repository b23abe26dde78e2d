import EcoCore
import EcoStore

// Carbon activities: prepared statements reused across a batch in one transaction (ADR 0002),
// range reads on the (organization, …) indexes.
extension SQLiteStore {
    public func insertCarbonActivities(_ records: [CarbonActivityRecord]) async throws -> CarbonInsertSummary {
        guard !records.isEmpty else { return CarbonInsertSummary() }
        return try await writer.submit { db in
            let insert = try db.statement(CarbonActivityRows.insert)
            let find = try db.statement(CarbonActivityRows.find)
            let update = try db.statement(CarbonActivityRows.update)
            var summary = CarbonInsertSummary()
            for record in records {
                insert.reset()
                CarbonActivityRows.bind(record, to: insert)
                try insert.run()
                if db.changes > 0 {
                    summary.inserted += 1
                    continue
                }
                // Ignored: a record with this organization and client id exists; the new one replaces it.
                find.reset()
                find.bind(1, record.organization).bind(2, record.clientId)
                guard try find.step() else { continue }
                let id = find.int64(0)
                find.reset()
                update.reset()
                CarbonActivityRows.bind(record, to: update)
                update.bind(37, id)
                try update.run()
                summary.replaced += 1
            }
            insert.reset()
            summary.estimatesRemoved = try Self.dropGapEstimates(measuredIn: records, db)
            return (summary, afterCommit: nil)
        }
    }

    public func carbonActivities(_ query: CarbonActivityQuery) async throws -> [CarbonActivityRecord] {
        try await readers.read { db in
            var conditions = ["organization = ?1", "t >= ?2", "t < ?3"]
            if query.supplier != nil { conditions.append("supplier = ?4") }
            if query.facility != nil { conditions.append("facility = ?5") }
            if query.cellRange != nil { conditions.append("cell15 BETWEEN ?6 AND ?7") }
            if query.afterTimeMs != nil { conditions.append("(t, id) > (?8, ?9)") }
            let statement = try db.statement("""
                SELECT id, \(CarbonActivityRows.columns) FROM carbon_activities
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY t, id LIMIT ?10
                """)
            defer { statement.reset() }
            statement.bind(1, query.organization).bind(2, query.fromMs ?? .min).bind(3, query.toMs ?? .max)
                .bind(4, query.supplier).bind(5, query.facility)
                .bind(6, integer: query.cellRange.map { Int64(bitPattern: $0.lowerBound) })
                .bind(7, integer: query.cellRange.map { Int64(bitPattern: $0.upperBound) })
                .bind(8, integer: query.afterTimeMs).bind(9, integer: query.afterId ?? (query.afterTimeMs == nil ? nil : 0))
                .bind(10, Int64(query.limit ?? -1))
            var records: [CarbonActivityRecord] = []
            while try statement.step() { records.append(CarbonActivityRows.read(statement)) }
            return records
        }
    }

    public func carbonOrganizations() async throws -> [String] {
        try await readers.read { db in
            // One index seek per organization instead of a scan of every activity.
            let statement = try db.statement("""
                WITH RECURSIVE o(name) AS (
                    SELECT MIN(organization) FROM carbon_activities
                    UNION ALL
                    SELECT (SELECT MIN(organization) FROM carbon_activities WHERE organization > o.name) FROM o WHERE o.name IS NOT NULL
                ) SELECT name FROM o WHERE name IS NOT NULL
                """)
            defer { statement.reset() }
            var names: [String] = []
            while try statement.step() { names.append(statement.string(0)) }
            return names
        }
    }

    /// Removes the gap estimates of suppliers with a measured record in their period; returns how many.
    private static func dropGapEstimates(measuredIn records: [CarbonActivityRecord], _ db: SQLiteConnection) throws -> Int {
        let any = try db.statement("SELECT EXISTS (SELECT 1 FROM carbon_gap_estimates)")
        let hasEstimates = try any.step() && any.int64(0) != 0
        any.reset()
        guard hasEstimates else { return 0 }
        let delete = try db.statement("""
            DELETE FROM carbon_gap_estimates WHERE organization = ?1 AND supplier = ?2 AND period_start <= ?3 AND period_end > ?3
            """)
        var removed = 0
        for record in records where !record.estimated {
            guard let supplier = record.supplier else { continue }
            delete.reset()
            delete.bind(1, record.organization).bind(2, supplier).bind(3, record.timeMs)
            try delete.run()
            removed += db.changes
        }
        delete.reset()
        return removed
    }
}
