import EcoCore
import EcoStore
import EcoStoreSQLite
import Foundation
import Logging
import Testing

@testable import EcoPipeline

/// Two import services on one store, as two processes on one PostgreSQL (issue #15): a process that starts
/// or sweeps while another runs an import must leave it alone while its lease is renewed, fail it once the
/// lease expired, and a runner whose import was taken from it stops without finishing it.
@Suite struct CarbonImportLeaseTests {
    static func imports(_ platform: Platform, holder: String, lease: Duration = .seconds(3), rowsPerStep: Int = 5_000) -> CarbonImports {
        CarbonImports(store: platform.store, ingest: platform.carbon.ingest, clock: .system, logger: Logger(label: "test.\(holder)"),
                      fallback: .milliseconds(100), holder: holder, lease: lease, heartbeat: .milliseconds(100), rowsPerStep: rowsPerStep)
    }

    static func csv(rows: Int) -> [UInt8] {
        Array((["type,organization,time,kWh,clientId"] + (0..<rows).map { "electricity,acme,2025-03-01,\($0 + 1),row-\($0)" })
            .joined(separator: "\n").utf8)
    }

    /// Polls the import until `done` holds, for at most 120 s (a parallel run on a loaded 2-core machine is slow).
    static func job(_ store: any EcoStore, _ id: UUID, until done: (CarbonImportJob) -> Bool) async throws -> CarbonImportJob {
        // Generous: in the parallel suite, CPU-bound tests on the two cooperative threads can hold this runner off for minutes.
        let deadline = Date().addingTimeInterval(300)
        while true {
            let job = try #require(try await store.carbonImport(id: id))
            if done(job) { return job }
            guard Date() < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func aStartingProcessLeavesALiveImportAloneAndFailsItOnceItsLeaseExpired() async throws {
        let platform = try await Platform(store: try SQLiteStore.temporary(), configuration: EcoConfiguration())
        let store = platform.store
        let job = CarbonImportJob(organization: "acme", fileName: "a.csv", createdAtMs: 1, submittedBy: "u1")
        try await store.enqueueCarbonImport(job, body: Self.csv(rows: 3))
        // worker-a (standing in for a live process) claims the import and renews its lease. The lease is long (30 s):
        // a parallel run on 2 cores has held a 100-ms renewal off for over 3 s, and an expired lease is rightly failed.
        _ = try #require(try await store.claimNextCarbonImport(atMs: WallClock.system.nowMs(), holder: "worker-a", leaseMs: 30_000))
        let keeper = Task {
            while !Task.isCancelled {
                _ = try await store.renewCarbonImportLease(id: job.id, holder: "worker-a", untilMs: WallClock.system.nowMs() + 30_000)
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let second = Self.imports(platform, holder: "worker-b")
        let secondRun = Task { try await second.run() }
        try await Task.sleep(for: .seconds(4.5))
        let during = try #require(try await store.carbonImport(id: job.id))
        #expect(during.status == .running && during.counts.processedRows == 0, "worker-b failed or ran worker-a's import: \(during)")

        // worker-a dies: its lease runs out (ended here rather than waited for) and worker-b's next sweep fails the import.
        keeper.cancel()
        _ = await keeper.result
        _ = try await store.renewCarbonImportLease(id: job.id, holder: "worker-a", untilMs: WallClock.system.nowMs())
        let failed = try await Self.job(store, job.id) { $0.status != .running }
        #expect(failed.status == .failed && failed.error?.contains("import the file again") == true, "\(failed)")
        #expect(failed.counts.processedRows == 0, "worker-b ran the import: \(failed)")
        secondRun.cancel()
        _ = await secondRun.result
        try await store.close()
    }

    @Test func aRunnerKeepsItsImportWhileAnotherSweepsAndStopsWhenItIsTakenBack() async throws {
        let platform = try await Platform(store: try SQLiteStore.temporary(), configuration: EcoConfiguration())
        let store = platform.store
        // One row per step: thousands of steps, so the import outlives its lease several times over.
        let first = Self.imports(platform, holder: "worker-a", lease: .seconds(4), rowsPerStep: 1)
        let second = Self.imports(platform, holder: "worker-b")
        let rows = 400_000  // a quiet machine ran 100,000 one-row steps within the 6 s below
        let job = try await first.submit(Self.csv(rows: rows), fileName: "big.csv", caller: CarbonCaller(actor: "admin", organizations: nil))
        let firstRun = Task { try await first.run() }
        let secondRun = Task { try await second.run() }
        let started = try await Self.job(store, job.id) { $0.status == .running && $0.counts.processedRows > 0 }

        // One and a half lease lengths of worker-b sweeping every 100 ms: renewal keeps the import worker-a's.
        try await Task.sleep(for: .seconds(6))
        let later = try #require(try await store.carbonImport(id: job.id))
        #expect(later.status == .running && later.counts.processedRows > started.counts.processedRows, "\(later)")
        #expect(later.counts.processedRows < rows, "the import ended before the test could take it back; give it more rows")

        // Taken back as a process would after the lease expired (a clock an hour ahead stands for a stalled worker-a).
        #expect(try await store.failInterruptedCarbonImports(atMs: WallClock.system.nowMs() + 3_600_000).map(\.id) == [job.id])
        try await Task.sleep(for: .seconds(1))
        let stopped = try #require(try await store.carbonImport(id: job.id))
        try await Task.sleep(for: .seconds(1))
        let after = try #require(try await store.carbonImport(id: job.id))
        #expect(after.status == .failed && after.counts.processedRows == stopped.counts.processedRows && after.counts.processedRows < rows,
                "worker-a went on with an import it no longer held: \(stopped.counts) then \(after.counts)")
        firstRun.cancel()
        secondRun.cancel()
        _ = await (firstRun.result, secondRun.result)
        try await store.close()
    }
}
