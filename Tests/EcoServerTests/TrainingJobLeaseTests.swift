import EcoCore
@testable import EcoPipeline
import EcoStore
import EcoStoreSQLite
import Foundation
import Logging
import Testing

/// Two runners on one store, as two worker processes on one PostgreSQL (issue #15): a runner that
/// starts while another runs a job must leave that job alone, because its lease is renewed.
@Suite struct TrainingJobLeaseTests {
    static func runner(_ store: SQLiteStore, variables: VariableRegistry, holder: String) -> TrainingJobRunner {
        TrainingJobRunner(jobs: store, stores: store, variables: variables, clock: .system, logger: Logger(label: "test.\(holder)"),
                          fallback: .milliseconds(200), holder: holder, lease: .seconds(5), heartbeat: .milliseconds(250))
    }

    /// Polls the job until `done` holds, for at most 60 s (a loaded 2-core run can stall a job for many seconds; a passing run waits only as long as the job takes).
    static func job(_ store: SQLiteStore, _ id: UUID, until done: (TrainingJob) -> Bool) async throws -> TrainingJob {
        // Generous: in the parallel suite, CPU-bound tests on the two cooperative threads can hold this runner off for minutes.
        let deadline = Date().addingTimeInterval(300)
        while true {
            let job = try #require(try await store.trainingJob(id: id))
            if done(job) { return job }
            guard Date() < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func aStartingRunnerLeavesAJobAnotherRunnerIsRunning() async throws {
        let store = try SQLiteStore.temporary()
        let variables = try await VariableRegistry(store: store)
        let parameters = JSONValue.object([
            "csv": .string(TrainingJobTests.largeCSV), "target": .string("label"), "task": .string("classification"),
            "cv": .number(0), "trees": .number(10_000),
        ])
        let queued = try await store.enqueueTrainingJob(TrainingJob(kind: "csv", modelName: "test-lease-rf",
            parametersJSON: String(decoding: parameters.encoded(), as: UTF8.self), createdAtMs: 1, submittedBy: "test"))
        let first = Self.runner(store, variables: variables, holder: "worker-a")
        let firstRun = Task { try await first.run() }
        let running = try await Self.job(store, queued.id) { $0.status == .running && $0.iteration > 0 }

        // A second worker starts, and keeps sweeping for expired leases, for two lease lengths (5 s each: a
        // parallel test run on 2 cores stalled a 1-s lease's heartbeat). Renewal keeps the job the first's.
        let second = Self.runner(store, variables: variables, holder: "worker-b")
        let secondRun = Task { try await second.run() }
        try await Task.sleep(for: .seconds(11))
        let later = try #require(try await store.trainingJob(id: queued.id))
        // Still running, or finished by its first runner; a requeue would have made a second attempt.
        #expect([.running, .succeeded].contains(later.status) && later.attempts == 1 && later.startedAtMs == running.startedAtMs, "\(later)")
        let log = try await store.trainingJobLogs(id: queued.id, after: 0, limit: 100).map(\.message).joined(separator: "\n")
        #expect(!log.contains("stopped while this job ran"), "\(log)")

        if later.status == .running { _ = try await store.requestTrainingJobCancel(id: queued.id, atMs: WallClock.system.nowMs()) }
        let ended = try await Self.job(store, queued.id) { $0.status.isFinished }
        #expect([.cancelled, .succeeded].contains(ended.status) && ended.attempts == 1, "\(ended)")
        firstRun.cancel()
        secondRun.cancel()
        _ = await (firstRun.result, secondRun.result)
        try await store.close()
    }
}
