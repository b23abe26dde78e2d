import EcoCore
import EcoStore
import Synchronization

/// The enabled threshold rules, read once and again only after a rule changed: detection sees the
/// ``EventTopic/alertRuleChanged`` events the rule store appends (from any process) and invalidates.
/// Reading the rules for every ingest batch had cost about a twelfth of the server's CPU.
final class RuleCache: Sendable {
    private let store: any AlertRuleStore
    private let cached = Mutex<[AlertRuleRecord]?>(nil)

    init(store: any AlertRuleStore) {
        self.store = store
    }

    /// The enabled rules, from memory unless a change was seen since the last read.
    func enabledRules() async throws -> [AlertRuleRecord] {
        if let rules = cached.withLock({ $0 }) { return rules }
        let rules = try await store.rules().filter(\.enabled)
        cached.withLock { $0 = rules }
        return rules
    }

    /// Forgets the rules if `events` hold a rule change.
    func invalidate(after events: [DomainEvent]) {
        if events.contains(where: { $0.topic == EventTopic.alertRuleChanged }) { cached.withLock { $0 = nil } }
    }
}
