import EcoCore
import EcoStore
import EcoStoreSQLite
import Foundation
import Logging
import Testing

@testable import EcoPipeline

/// Observation retention as a background service: configured in days, whole months removed in bounded batches,
/// counted in /metrics, and off unless configured.
struct ObservationRetentionServiceTests {
    static let january2020: Int64 = 1_577_836_800_000
    static let march2020: Int64 = 1_583_020_800_000

    static func hourly(_ station: String, from start: Int64, hours: Int) -> [Observation] {
        (0..<hours).map {
            Observation(series: SeriesKey(variable: "temperature_2m", source: "test", stationId: station, cell: 10), lat: 1, lng: 2,
                        observedAtMs: start + Int64($0) * 3_600_000, value: Double($0 % 30))
        }
    }

    @Test func monthsOlderThanTheRetentionGoInBatchesAndAreCounted() async throws {
        let store = try SQLiteStore.temporary()
        // January and February 2020 hourly (1,440 rows), and March.
        _ = try await store.insert(Self.hourly("a", from: Self.january2020, hours: 60 * 24) + Self.hourly("a", from: Self.march2020, hours: 48))
        let metrics = EcoMetrics()
        // 2020-04-10 with 40 days kept: the cutoff is 2020-03-01 00:00, so January and February go and March stays.
        let clock = WallClock { 1_586_476_800_000 }
        let service = ObservationRetentionService(store: store, days: 40, batchRows: 500, metrics: metrics, clock: clock, logger: Logger(label: "test"))
        #expect(metrics.exposition().contains("observation_retention_rows_deleted_total 0"), "exported before anything is removed")
        try await service.prune()
        let left = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 1_000)
        #expect(left.count == 48 && left.allSatisfy { $0.observedAtMs >= Self.march2020 })
        #expect(metrics.exposition().contains("observation_retention_rows_deleted_total 1440"), "\(metrics.exposition())")
        try await store.close()
    }

    @Test func retentionRunsOnlyWhenConfigured() async throws {
        var configuration = EcoConfiguration()
        #expect(configuration.observationRetentionDays == 0)
        let off = try await Platform(store: try SQLiteStore.temporary(), configuration: configuration)
        #expect(!off.backgroundServices().contains { $0 is ObservationRetentionService })
        configuration = try ConfigurationSources(environment: ["ECOTRACK_OBSERVATION_RETENTION_DAYS": "400"]).resolve()
        #expect(configuration.observationRetentionDays == 400)
        let on = try await Platform(store: try SQLiteStore.temporary(), configuration: configuration)
        #expect(on.backgroundServices().contains { $0 is ObservationRetentionService })
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(flags: ["observationRetentionDays": "-1"]).resolve() }
    }
}
