import EcoCore
import EcoStore
import PostgresNIO

extension PostgresStore: YieldStore {
    public func upsertYields(_ records: [YieldRecord]) async throws -> Int {
        // The last record of a key repeated in the batch wins, as SQLite's row-by-row upsert does.
        let unique = Self.lastOfEachKey(records) { "\($0.region)\u{1}\($0.crop)\u{1}\($0.year)" }
        guard !unique.isEmpty else { return 0 }
        try await database.execute("""
            INSERT INTO food_yields (region, crop, year, t_per_ha, reported_value, reported_unit, source)
            SELECT * FROM unnest(\(unique.map(\.region))::text[], \(unique.map(\.crop))::text[], \(unique.map { Int64($0.year) })::bigint[],
                                 \(unique.map(\.tonnesPerHectare))::float8[], \(unique.map(\.reportedValue))::float8[],
                                 \(unique.map(\.reportedUnit))::text[], \(unique.map(\.source))::text[])
            ON CONFLICT (region, crop, year) DO UPDATE SET t_per_ha = excluded.t_per_ha, reported_value = excluded.reported_value,
                reported_unit = excluded.reported_unit, source = excluded.source
            """)
        return records.count
    }

    public func yields(crop: String?, region: String?) async throws -> [YieldRecord] {
        try await database.rows("""
            SELECT region, crop, year::bigint, t_per_ha, reported_value, reported_unit, source FROM food_yields
            WHERE (\(crop == nil) OR crop = \(crop ?? "")) AND (\(region == nil) OR region = \(region ?? ""))
            ORDER BY region, crop, year
            """) { row in
            let (region, crop, year, tonnes, value, unit, source) = try row.decode((String, String, Int64, Double, Double, String, String).self)
            return YieldRecord(region: region, crop: crop, year: Int(year), tonnesPerHectare: tonnes, reportedValue: value, reportedUnit: unit, source: source)
        }
    }
}
