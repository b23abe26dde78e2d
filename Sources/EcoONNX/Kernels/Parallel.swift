import Dispatch

/// Runs `body(0..<count)` on up to `threads` workers (Dispatch concurrentPerform); in order on one thread when
/// `threads` is 1. Work items are dealt out round-robin, so items should be of similar size.
func parallelFor(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    let workers = Swift.min(Swift.max(threads, 1), count)
    if workers <= 1 {
        for i in 0..<count { body(i) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let box = UncheckedBox(body)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < count {
                box.value(i)
                i += workers
            }
        }
    }
}

/// Carries a value across Dispatch's worker threads; callers make sure the workers write disjoint memory.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
