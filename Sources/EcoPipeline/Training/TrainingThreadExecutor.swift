import EcoCore
import EcoStore
import Foundation

/// A task executor with one dedicated thread. Training is CPU-bound for seconds to minutes;
/// running it here instead of on the cooperative pool leaves the pool's few threads (two on a
/// two-core machine) to the HTTP server.
final class TrainingThreadExecutor: TaskExecutor, @unchecked Sendable {
    // `jobs` and `stopped` are guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    /// Starts the thread; it runs until `shutdown()`.
    init(name: String) {
        let thread = Thread { [self] in loop() }
        thread.name = name
        // Tree building recurses once per level; give deep trees room.
        thread.stackSize = 16 << 20
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once the jobs already enqueued have run.
    func shutdown() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
