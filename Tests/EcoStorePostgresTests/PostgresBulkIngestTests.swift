import EcoCore
import EcoStore
@testable import EcoStorePostgres
import Foundation
import Testing

/// Large batches go through COPY into a staging table; small ones bind arrays. Both must store the same.
@Suite(.enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresBulkIngestTests {
    static let hour: Int64 = 3_600_000
    /// 2001-01-01: a month no partition is created ahead for, so the insert must create it.
    static let january2001: Int64 = 978_307_200_000

    /// Two batches over three stations and two months: the first repeats times inside the batch (the last value
    /// wins), makes station "dense" denser than hourly and writes into a month without a partition; the second
    /// re-sends stored points with new values (replacements), adds new ones and makes station "b" dense.
    static let batches: [[Observation]] = {
        var first: [Observation] = []
        for i in 0..<40 {
            first.append(PostgresStoreTests.observation("a", t: january2001 + Int64(i) * 6 * hour, Double(i)))
            first.append(PostgresStoreTests.observation("dense", t: january2001 + Int64(i) * hour / 4, Double(i) * 0.5, lat: 10, lng: 20))
            first.append(PostgresStoreTests.observation("b", t: january2001 + 31 * 24 * hour + Int64(i) * 2 * hour, -Double(i)))
        }
        first.append(PostgresStoreTests.observation("a", t: january2001, 100))
        first.append(PostgresStoreTests.observation("dense", t: january2001 + hour / 4, 0.1, lat: 10, lng: 20))
        var second: [Observation] = []
        for i in stride(from: 0, to: 40, by: 3) {
            second.append(PostgresStoreTests.observation("a", t: january2001 + Int64(i) * 6 * hour, Double(i) + 1000))
            second.append(PostgresStoreTests.observation("b", t: january2001 + 31 * 24 * hour + Int64(i) * 2 * hour + hour / 2, 7))
        }
        second.append(PostgresStoreTests.observation("new", t: january2001 + 5 * hour, 3.25, lat: -5, lng: 7))
        return [first, second]
    }()

    @Test func aBulkBatchStoresTheSameRowsRollupsAndCountsAsTheArrayPath() async throws {
        let (arraySummaries, arrayTables) = try await ingest(copyFromPoints: .max)
        let (copySummaries, copyTables) = try await ingest(copyFromPoints: 1)
        #expect(copySummaries == arraySummaries)
        #expect(arraySummaries[0].replaced == 2 && arraySummaries[1].replaced == 14 && arraySummaries[1].newSeries == 1)
        for (name, rows) in arrayTables {
            #expect(copyTables[name] == rows, "\(name) differs between COPY and arrays")
            #expect(rows?.isEmpty == false, "\(name) is empty")
        }
    }

    /// Inserts ``batches`` into a fresh schema with the given COPY threshold; returns the summaries and the
    /// stored series, observations and rollups as text (a daily rollup's `vals` is a multiset: compared sorted).
    private func ingest(copyFromPoints: Int) async throws -> ([InsertSummary], [String: [String]?]) {
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema)
            store.copyFromPoints.store(copyFromPoints, ordering: .relaxed)
            var summaries: [InsertSummary] = []
            for batch in Self.batches { summaries.append(try await store.insert(batch)) }
            try await store.close()
            let queries = [
                "series": "SELECT id || ' ' || station_id || ' ' || hourly || ' ' || last_t || ' ' || last_value FROM series ORDER BY id",
                "observations": "SELECT series_id || ' ' || t || ' ' || value || ' ' || quality FROM observations ORDER BY 1",
                "rollup_day": "SELECT concat_ws(' ', series_id, bucket, n, sum, min, max, sumsq, ARRAY(SELECT unnest(vals) ORDER BY 1)) FROM rollup_day ORDER BY 1",
                "rollup_hour": "SELECT concat_ws(' ', series_id, bucket, n, sum, min, max, sumsq) FROM rollup_hour ORDER BY 1",
            ]
            var tables: [String: [String]?] = [:]
            for (name, query) in queries {
                tables[name] = try await TestDatabase.sql(query, schema: schema).map { try $0.decode(String.self) }
            }
            return (summaries, tables)
        }
    }
}
