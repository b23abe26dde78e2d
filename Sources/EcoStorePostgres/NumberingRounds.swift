import Synchronization

/// Shares numberings between the writers of one process, as a group commit shares a flush: a writer that has
/// committed joins the next round, and one round (one numbering statement) serves every writer that joined
/// before it started. At most one round runs at a time, so a burst of commits costs a few numberings, not one
/// each queued on the counter row's lock.
final class NumberingRounds: Sendable {
    typealias Outcome = Result<[Int64: Int64], any Error>

    private struct State {
        var isRunning = false
        var next: [CheckedContinuation<Outcome, Never>] = []
    }

    private let state = Mutex(State())
    private let number: @Sendable () async throws -> [Int64: Int64]

    /// `number` numbers every event committed before it started and returns the offsets it gave by event id.
    init(number: @escaping @Sendable () async throws -> [Int64: Int64]) {
        self.number = number
    }

    /// The offsets given by a round that started after this call (so it covers what the caller committed before).
    func join() async throws -> [Int64: Int64] {
        try await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let starts = state.withLock { state -> Bool in
                state.next.append(continuation)
                guard !state.isRunning else { return false }
                state.isRunning = true
                return true
            }
            if starts { Task { await self.runRounds() } }
        }.get()
    }

    /// Runs rounds while writers are waiting for one; each round takes every writer that joined before it.
    private func runRounds() async {
        while true {
            let round = state.withLock { state -> [CheckedContinuation<Outcome, Never>] in
                defer { state.next = [] }
                if state.next.isEmpty { state.isRunning = false }
                return state.next
            }
            guard !round.isEmpty else { return }
            let outcome: Outcome
            do { outcome = .success(try await number()) } catch { outcome = .failure(error) }
            round.forEach { $0.resume(returning: outcome) }
        }
    }
}
