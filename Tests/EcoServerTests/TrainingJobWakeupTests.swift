import EcoCore
@testable import EcoPipeline
import EcoStore
import Foundation
import Logging
import Testing

/// A worker's runner starts a job submitted through another process at once (the store's NOTIFY), not at its
/// fallback tick: the runner here has a tick of an hour.
@Suite(.enabled(if: TestPostgres.isAvailable, "ECOTRACK_TEST_POSTGRES is not set: the cross-process wake-up test is skipped"))
struct TrainingJobWakeupTests {
    static let parameters = #"{"csv": "x,y\n1,3\n2,5\n3,7\n4,9\n5,11\n6,13\n", "target": "y", "task": "regression", "algorithm": "linear", "cv": 0}"#

    @Test func aRunnerStartsAJobQueuedInAnotherProcessWithoutWaitingForItsTick() async throws {
        let schema = TestPostgres.freshSchema()
        let submitter = try await TestPostgres.open(schema: schema)
        let worker = try await TestPostgres.open(schema: schema)
        let runner = TrainingJobRunner(jobs: worker, stores: worker, variables: try await VariableRegistry(store: worker), clock: .system,
                                       logger: Logger(label: "test.wakeup"), fallback: .seconds(3_600), holder: "worker")
        let running = Task { try await runner.run() }
        // The second job is queued while the runner waits (it ran the first and found nothing more).
        for index in 0..<2 {
            try await Task.sleep(for: .milliseconds(500))
            let queued = try await submitter.enqueueTrainingJob(TrainingJob(kind: "csv", modelName: "wake-\(index)", parametersJSON: Self.parameters,
                                                                            createdAtMs: WallClock.system.nowMs(), submittedBy: "test"))
            let deadline = ContinuousClock.now + .seconds(120)
            var job = try #require(try await worker.trainingJob(id: queued.id))
            while !job.status.isFinished, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                job = try #require(try await worker.trainingJob(id: queued.id))
            }
            #expect(job.status == .succeeded && job.attempts == 1, "\(job)")
        }
        running.cancel()
        _ = await running.result
        try await worker.close()
        try await submitter.close()
    }
}
