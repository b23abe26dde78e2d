import EcoCore
import EcoStore
import Logging
import Synchronization

/// Writes audit entries beside the responses instead of before them: entries that arrive while a
/// write is under way go together in the next one. A data write's answer used to wait for a second
/// durable commit (its audit row) after its own; now audit rows join whatever commit comes next.
final class AuditWriter: Sendable {
    private struct State {
        var pending: [AuditEntry] = []
        var writing = false
    }

    private let store: any AuthStore
    private let logger: Logger
    private let state = Mutex(State())

    init(store: any AuthStore, logger: Logger = Logger(label: "ecotrack.audit")) {
        self.store = store
        self.logger = logger
    }

    /// Queues `entry`; it is written in the next batch.
    func enqueue(_ entry: AuditEntry) {
        let starts = state.withLock { state -> Bool in
            state.pending.append(entry)
            guard !state.writing else { return false }
            state.writing = true
            return true
        }
        if starts { Task { await drain() } }
    }

    /// Writes batches until nothing is pending.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [AuditEntry] in
                let batch = state.pending
                state.pending.removeAll(keepingCapacity: true)
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try await store.appendAudit(batch)
            } catch {
                logger.error("audit write failed", metadata: ["entries": "\(batch.count)", "error": "\(error)"])
            }
        }
    }

    /// Entries queued and not yet written (for tests and shutdown).
    var pendingCount: Int { state.withLock { $0.pending.count + ($0.writing ? 1 : 0) } }
}
