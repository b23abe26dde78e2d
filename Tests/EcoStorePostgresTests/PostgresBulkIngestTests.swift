import EcoCore
import EcoStore
@testable import EcoStorePostgres
import Foundation
import Testing

/// Large batches COPY appending series straight into the partitions and the rest into a staging table; small ones
/// bind arrays. All must store the same.
@Suite(.enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresBulkIngestTests {
    static let hour: Int64 = 3_600_000
    /// 2001-01-01: a month no partition is created ahead for, so the insert must create it.
    static let january2001: Int64 = 978_307_200_000

    /// Two batches over three stations and two months: the first repeats times inside the batch (the last value
    /// wins), makes station "dense" denser than hourly and writes into a month without a partition; the second
    /// re-sends stored points with new values (replacements), adds new ones and makes station "b" dense. The third
    /// mixes appending and rewriting series: "a" re-sends an old time and adds a new one (upsert path), while the
    /// hourly series "dense" (126 points in one day: too many to keep the values), "b" and "new" only append (COPYed straight
    /// into the partitions when large).
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
        var third: [Observation] = [
            PostgresStoreTests.observation("a", t: january2001 + 3 * 6 * hour, 5),
            PostgresStoreTests.observation("a", t: january2001 + 41 * 6 * hour, 6),
            PostgresStoreTests.observation("new", t: january2001 + 6 * hour, 1.5, lat: -5, lng: 7),
        ]
        for i in 0..<200 {
            third.append(PostgresStoreTests.observation("dense", t: january2001 + 24 * hour + 3 * hour + Int64(i) * hour / 6, Double(i % 17) - 3.5,
                                                        lat: 10, lng: 20))
        }
        for i in 0..<10 { third.append(PostgresStoreTests.observation("b", t: january2001 + 31 * 24 * hour + (100 + Int64(i)) * hour, Double(i))) }
        return [first, second, third]
    }()

    @Test func aBulkBatchStoresTheSameRowsRollupsAndCountsAsTheArrayPath() async throws {
        let (arraySummaries, arrayTables) = try await ingest(copyFromPoints: .max)
        let (copySummaries, copyTables) = try await ingest(copyFromPoints: 1)
        #expect(copySummaries == arraySummaries)
        #expect(arraySummaries[0].replaced == 2 && arraySummaries[1].replaced == 14 && arraySummaries[1].newSeries == 1)
        #expect(arraySummaries[2] == InsertSummary(inserted: 212, replaced: 1, newSeries: 0))
        for (name, rows) in arrayTables {
            #expect(copyTables[name] == rows, "\(name) differs between COPY and arrays")
            #expect(rows?.isEmpty == false, "\(name) is empty")
        }
    }

    /// A point the series row does not account for (as a concurrent writer's could be) defeats the append forecast:
    /// the COPY fails on the primary key and the insert is done again through the upsert path, replacing it.
    @Test func aBulkAppendThatMeetsAStoredPointFallsBackToTheUpsert() async throws {
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema)
            store.copyFromPoints.store(1, ordering: .relaxed)
            let first = (0..<10).map { PostgresStoreTests.observation("x", t: Self.january2001 + Int64($0) * Self.hour, Double($0)) }
            #expect(try await store.insert(first) == InsertSummary(inserted: 10, replaced: 0, newSeries: 1))
            _ = try await TestDatabase.sql("INSERT INTO observations (series_id, t, value, quality) SELECT id, last_t + \(Self.hour), 42, 0 FROM series",
                                           schema: schema)
            let second = (10..<12).map { PostgresStoreTests.observation("x", t: Self.january2001 + Int64($0) * Self.hour, 7) }
            #expect(try await store.insert(second) == InsertSummary(inserted: 1, replaced: 1, newSeries: 0))
            try await store.close()
            let day = try await TestDatabase.sql("SELECT n, sum, max FROM rollup_day", schema: schema).map { try $0.decode((Int64, Double, Double).self) }
            #expect(day.count == 1 && day[0] == (12, 45 + 14, 9))
            let stored = try await TestDatabase.sql("SELECT value FROM observations WHERE t = \(Self.january2001 + 10 * Self.hour)", schema: schema)
            #expect(try stored.map { try $0.decode(Double.self) } == [7])
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
