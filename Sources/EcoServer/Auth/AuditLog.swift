import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Logging

/// Writes audit entries; a failed write is logged, never turned into a failed request.
public struct AuditLog: Sendable {
    let store: any AuthStore
    let clock: WallClock

    public init(store: any AuthStore, clock: WallClock = .system) {
        self.store = store
        self.clock = clock
    }

    /// Records `action` by the request's caller.
    func record(_ context: AppRequestContext, action: String, target: String? = nil, outcome: String, detail: String? = nil) async {
        let identity = context.auth.identity
        let entry = AuditEntry(atMs: clock.nowMs(), actor: identity?.actor ?? "anonymous",
                               actorEmail: identity?.user?.email, action: action, target: target, clientIP: context.auth.clientIP,
                               outcome: outcome, detail: detail)
        await record(entry, logger: context.logger)
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
