import Synchronization

/// Runs `operation` in a task of its own and returns its outcome, unless `giveUp` returns first: then the
/// operation's task is cancelled, the error `giveUp` returned is thrown at once, and the operation is left behind
/// to end (or never) on its own.
///
/// For waits that may ignore cancellation and never end, such as PostgresNIO's answer to a statement written to a
/// connection that had already closed (see ``PostgresConnection/run(_:logger:)``). `giveUp` runs in a task that is
/// cancelled as soon as the operation ends, so it must wait in something that ends on cancellation (`Task.sleep`).
func abandoning<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T,
                             giveUp: @escaping @Sendable () async -> any Error) async throws -> T {
    let race = Race<T>()
    return try await withCheckedThrowingContinuation { continuation in
        race.state.withLock { $0.caller = continuation }
        let work = Task {
            let result: Result<T, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            race.finish(with: result)
        }
        let watcher = Task {
            let error = await giveUp()
            work.cancel()
            race.finish(with: .failure(error))
        }
        race.watch(with: watcher)
    }
}

/// The caller of ``abandoning(_:giveUp:)`` and the task watching its operation: the first outcome resumes the
/// caller, and the watcher is cancelled once there is one (however the two tasks interleave).
private final class Race<T: Sendable>: Sendable {
    struct State {
        var caller: CheckedContinuation<T, any Error>?
        var watcher: Task<Void, Never>?
        var finished = false
    }

    let state = Mutex(State())

    func finish(with result: Result<T, any Error>) {
        let (caller, watcher) = state.withLock { state in
            state.finished = true
            return (state.caller.take(), state.watcher.take())
        }
        watcher?.cancel()
        caller?.resume(with: result)
    }

    func watch(with watcher: Task<Void, Never>) {
        let finished = state.withLock { state in
            if !state.finished { state.watcher = watcher }
            return state.finished
        }
        if finished { watcher.cancel() }
    }
}
