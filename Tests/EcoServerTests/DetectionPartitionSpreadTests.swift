import EcoCore
import EcoStore
import EcoStoreSQLite
import Foundation
import Logging
import Testing

@testable import EcoPipeline

/// Partitioned detection run by two processes on one store (issue #15): the partitions spread over both,
/// a second process gets its share from the first, and every spike is detected exactly once, before and
/// after the hand-over. On SQLite two holders share one store; on PostgreSQL (`ECOTRACK_TEST_POSTGRES`)
/// two stores on one schema stand for two processes.
@Suite(.serialized) struct DetectionPartitionSpreadTests {
    static let partitions = 4
    /// Short leases (renewed every second), so that the hand-over takes seconds.
    static let leaseTTLMs: Int64 = 3_000
    static let stations = (1...8).map { "station-\($0)" }

    @Test func twoHoldersOnSQLiteShareThePartitionsAndDetectEachSpikeOnce() async throws {
        let store = try SQLiteStore.temporary()
        try await Self.shareAndDetectOnce(first: store, second: store)
        try await store.close()
    }

    @Test(.enabled(if: TestPostgres.isAvailable)) func twoProcessesOnPostgreSQLShareThePartitionsAndDetectEachSpikeOnce() async throws {
        let schema = TestPostgres.freshSchema()
        let first = try await TestPostgres.open(schema: schema)
        let second = try await TestPostgres.open(schema: schema)
        try await Self.shareAndDetectOnce(first: first, second: second)
        try await second.close()
        try await first.close()
    }

    static func shareAndDetectOnce(first: any EcoStore, second: any EcoStore) async throws {
        var logger = Logger(label: "test.partitions")
        logger.logLevel = .warning
        let a = try await Platform(store: first, configuration: EcoConfiguration(), logger: logger)
        let b = try await Platform(store: second, configuration: EcoConfiguration(), logger: logger)
        let runA = Task { try await a.detection(partitions: partitions, holder: "a", leaseTTLMs: leaseTTLMs).run() }
        defer { runA.cancel() }
        try await until("a alone holds every partition") { try await holders(first) == ["a": 4] }

        // A week of a regular cycle then a spike, for series spread over every partition.
        try await ingest(a, hours: 0..<169, spikeAt: 168)
        let ids = try await first.series(matching: SeriesFilter()).map(\.id)
        #expect(Set(ids.map { Int($0 % Int64(partitions)) }).count == partitions, "the series cover every partition: \(ids)")
        try await AlertPipelineTests.detectionCaughtUp(first, partitions: partitions, within: .seconds(60))

        let runB = Task { try await b.detection(partitions: partitions, holder: "b", leaseTTLMs: leaseTTLMs).run() }
        defer { runB.cancel() }
        try await until("the second process gets its share") { try await holders(first) == ["a": 2, "b": 2] }
        try await ingest(b, hours: 169..<185, spikeAt: 184)
        try await AlertPipelineTests.detectionCaughtUp(first, partitions: partitions, within: .seconds(60))

        let events = try await first.events(after: 0, topics: [EventTopic.anomalyDetected], limit: 10_000)
        let anomalies = try events.map { try JSONDecoder().decode(AnomalyRecord.self, from: Data($0.payloadJSON.utf8)) }
        let perPoint = Dictionary(grouping: anomalies) { "\($0.seriesId)@\($0.timeMs)" }
        let repeated = perPoint.filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "points detected more than once (series@time)")
        for hour in [168, 184] {
            let spiked = Set(anomalies.filter { $0.timeMs == AlertPipelineTests.t0 + Int64(hour) * 3_600_000 && $0.value == 45 }.map(\.stationId))
            #expect(spiked == Set(stations), "stations whose spike at hour \(hour) was detected")
        }
        let created = try await first.events(after: 0, topics: [EventTopic.alertCreated], limit: 10_000).map(\.payloadJSON)
        for id in ids {
            let opened = created.filter { $0.contains(#""dedupKey":"detector:anomaly:\#(id)""#) }.count
            #expect(opened == 2, "series \(id): one anomaly alert per spike, got \(opened)")
        }

        runB.cancel()
        _ = await runB.result
        try await until("the first process takes back the partitions of the one that stopped") { try await holders(first) == ["a": 4] }
    }

    /// How many partitions each holder has a live lease on.
    static func holders(_ store: any EcoStore) async throws -> [String: Int] {
        let leases = try await store.consumerLeases(prefix: "detection.p", nowMs: WallClock.system.nowMs())
        return Dictionary(grouping: leases.values) { $0 }.mapValues(\.count)
    }

    /// Stores `hours` of every station (through `platform`'s ingest), the hour `spikeAt` at 45 °C.
    static func ingest(_ platform: Platform, hours: Range<Int>, spikeAt spike: Int) async throws {
        let body = stations.enumerated().map { index, station in
            AlertPipelineTests.series(station: station, hours: hours, spikes: [spike: 45], lat: 48.85 + Double(index) * 0.01)
        }.joined(separator: "\n")
        let pipeline = platform.ingest(format: .ndjson)
        Array(body.utf8).withUnsafeBytes { pipeline.feed($0) }
        let report = try await pipeline.finish()
        #expect(report.rejected == 0)
    }

    /// Polls `condition` for up to 60 s (a loaded 2-core machine is slow).
    static func until(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out: \(what)")
        throw CancellationError()
    }
}
