import EcoCore
import EcoStore
import EcoStoreSQLite
import Foundation
import Logging
import Testing

@testable import EcoPipeline

/// The outcome counters in /metrics: alerts opened and resolved, background jobs ended by kind and status.
struct OutcomeCounterTests {
    static func value(_ metrics: EcoMetrics, _ series: String) -> Double? {
        metrics.exposition().split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }

    @Test func alertsOpenedAndResolvedAreCountedOnce() async throws {
        let metrics = EcoMetrics()
        let book = AlertBook(store: try SQLiteStore.temporary(), metrics: metrics)
        try await book.apply([AlertBookTests.raise("rule:r1:7", .warning)])
        try await book.apply([AlertBookTests.raise("rule:r1:7", .critical)])  // an update of the open alert, not a new one
        try await book.apply([.resolve(dedupKey: "rule:r1:7", atMs: 2_000, note: "back under")])
        try await book.apply([.resolve(dedupKey: "rule:r1:7", atMs: 3_000, note: "again")])  // nothing open: no change
        #expect(Self.value(metrics, #"alerts_opened_total{domain="air",severity="warning"}"#) == 1)
        #expect(Self.value(metrics, #"alerts_opened_total{domain="air",severity="critical"}"#) == nil)
        #expect(Self.value(metrics, #"alerts_resolved_total{domain="air"}"#) == 1)
    }

    @Test func carbonImportsEndedAreCountedByStatus() async throws {
        let metrics = EcoMetrics()
        let platform = try await Platform(store: try SQLiteStore.temporary(), configuration: EcoConfiguration(), metrics: metrics)
        let admin = CarbonCaller(actor: "admin", organizations: nil)
        let good = try await platform.carbon.imports.submit(CarbonImportLeaseTests.csv(rows: 3), fileName: "good.csv", caller: admin)
        let run = Task { try await platform.carbon.imports.run() }
        _ = try await CarbonImportLeaseTests.job(platform.store, good.id) { $0.status != .running && $0.status != .queued }
        run.cancel()
        _ = await run.result
        #expect(Self.value(metrics, #"background_jobs_ended_total{kind="carbon_import",status="succeeded"}"#) == 1)
        try await platform.store.close()
    }
}
