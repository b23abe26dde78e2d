import EcoCore
import EcoStore

extension SQLiteStore: YieldStore {
    public func upsertYields(_ records: [YieldRecord]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        return try await writer.submit { db in
            let upsert = try db.statement("""
                INSERT INTO food_yields (region, crop, year, t_per_ha, reported_value, reported_unit, source) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (region, crop, year) DO UPDATE SET t_per_ha = excluded.t_per_ha, reported_value = excluded.reported_value,
                    reported_unit = excluded.reported_unit, source = excluded.source
                """)
            for item in records {
                upsert.reset()
                upsert.bind(1, item.region).bind(2, item.crop).bind(3, Int64(item.year)).bind(4, item.tonnesPerHectare)
                    .bind(5, item.reportedValue).bind(6, item.reportedUnit).bind(7, item.source)
                try upsert.run()
            }
            upsert.reset()
            return (records.count, afterCommit: nil)
        }
    }

    public func yields(crop: String?, region: String?) async throws -> [YieldRecord] {
        try await readers.read { db in
            let query = try db.statement("""
                SELECT region, crop, year, t_per_ha, reported_value, reported_unit, source FROM food_yields
                WHERE (?1 IS NULL OR crop = ?1) AND (?2 IS NULL OR region = ?2) ORDER BY region, crop, year
                """)
            query.bind(1, crop).bind(2, region)
            var result: [YieldRecord] = []
            while try query.step() {
                result.append(YieldRecord(region: query.string(0), crop: query.string(1), year: Int(query.int64(2)), tonnesPerHectare: query.double(3),
                                          reportedValue: query.double(4), reportedUnit: query.string(5), source: query.string(6)))
            }
            query.reset()
            return result
        }
    }
}
