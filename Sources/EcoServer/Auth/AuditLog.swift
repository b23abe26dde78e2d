import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Logging

/// Writes audit entries; a failed write is logged, never turned into a failed request.
public struct AuditLog: Sendable {
    let store: any AuthStore
    let clock: WallClock
    /// The entries the access gate records for every write, written beside the responses.
    let background: AuditWriter

    public init(store: any AuthStore, clock: WallClock = .system) {
        self.store = store
        self.clock = clock
        background = AuditWriter(store: store)
    }

    /// Queues `action` by the request's caller: written with the next commit, not awaited (the gate's
    /// automatic entries for data writes). Handlers that record security actions await ``record(_:action:target:outcome:detail:)``.
    func recordSoon(_ context: AppRequestContext, action: String, outcome: String) {
        background.enqueue(entry(context, action: action, target: nil, outcome: outcome, detail: nil))
    }

    /// Returns once every queued entry is written (before the audit log is read), or after 2 s.
    func settle() async {
        let deadline = ContinuousClock.now + .seconds(2)
        while background.pendingCount > 0 && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(1)) }
    }

    private func entry(_ context: AppRequestContext, action: String, target: String?, outcome: String, detail: String?) -> AuditEntry {
        let identity = context.auth.identity
        return AuditEntry(atMs: clock.nowMs(), actor: identity?.actor ?? "anonymous", actorEmail: identity?.user?.email, action: action,
                          target: target, clientIP: context.auth.clientIP, outcome: outcome, detail: detail)
    }

    /// Records `action` by the request's caller.
    func record(_ context: AppRequestContext, action: String, target: String? = nil, outcome: String, detail: String? = nil) async {
        await record(entry(context, action: action, target: target, outcome: outcome, detail: detail), logger: context.logger)
    }

    /// Records a prepared entry (the CLI uses this with its own actor).
    public func record(_ entry: AuditEntry, logger: Logger) async {
        do {
            try await store.appendAudit(entry)
        } catch {
            logger.error("audit write failed", metadata: ["action": "\(entry.action)", "error": "\(error)"])
        }
    }
}
