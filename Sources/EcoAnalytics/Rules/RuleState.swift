/// The evaluation state of one ``ThresholdRule`` on one series: a small `Codable` value to persist
/// between points. Feed points in time order with ``evaluate(_:timeMs:value:)``.
public struct RuleState: Codable, Sendable, Equatable {
    /// Lifecycle phase: inactive → pending → firing → resolved (→ pending again).
    public enum Phase: String, Codable, Sendable {
        case inactive
        case pending
        case firing
        case resolved
    }

    public private(set) var phase: Phase = .inactive
    /// When the current pending period started, ms.
    public private(set) var pendingSinceMs: Int64?
    /// When the current firing period started, ms.
    public private(set) var firingSinceMs: Int64?
    /// When the condition last stopped holding while firing (start of keep-firing), ms.
    public private(set) var clearedSinceMs: Int64?
    /// True while the rule is flapping; the server should hold back notifications then.
    public private(set) var isFlapping = false
    /// Times of the latest firing/resolved transitions, oldest first, at most `flappingTransitions`.
    public private(set) var recentTransitionsMs: [Int64] = []

    public init() {}

    /// Evaluates `value` at `timeMs` against `rule` and returns the transitions it caused, in order.
    public mutating func evaluate(_ rule: ThresholdRule, timeMs: Int64, value: Double) -> [RuleTransition] {
        var transitions: [RuleTransition] = []
        func emit(_ kind: RuleTransition.Kind) { transitions.append(RuleTransition(kind: kind, timeMs: timeMs, value: value)) }
        let triggered = phase == .pending || phase == .firing
        let holds = rule.conditionHolds(for: value, triggered: triggered)
        switch (phase, holds) {
        case (.inactive, true), (.resolved, true):
            phase = .pending
            pendingSinceMs = timeMs
            emit(.pending)
            if rule.forMs <= 0 { fire(at: timeMs, rule: rule, emit: emit) }
        case (.pending, true):
            if let since = pendingSinceMs, timeMs - since >= rule.forMs { fire(at: timeMs, rule: rule, emit: emit) }
        case (.pending, false):
            phase = .inactive
            pendingSinceMs = nil
            emit(.cancelled)
        case (.firing, true):
            clearedSinceMs = nil
        case (.firing, false):
            let since = clearedSinceMs ?? timeMs
            clearedSinceMs = since
            if timeMs - since >= rule.keepFiringForMs {
                phase = .resolved
                pendingSinceMs = nil
                firingSinceMs = nil
                clearedSinceMs = nil
                recordTransition(at: timeMs, rule: rule)
                emit(.resolved)
            }
        case (.inactive, false), (.resolved, false):
            break
        }
        updateFlapping(at: timeMs, rule: rule, emit: emit)
        return transitions
    }

    private mutating func fire(at timeMs: Int64, rule: ThresholdRule, emit: (RuleTransition.Kind) -> Void) {
        phase = .firing
        firingSinceMs = timeMs
        clearedSinceMs = nil
        recordTransition(at: timeMs, rule: rule)
        emit(.firing)
    }

    private mutating func recordTransition(at timeMs: Int64, rule: ThresholdRule) {
        guard let limit = rule.flappingTransitions, limit > 0 else { return }
        recentTransitionsMs.append(timeMs)
        if recentTransitionsMs.count > limit { recentTransitionsMs.removeFirst(recentTransitionsMs.count - limit) }
    }

    private mutating func updateFlapping(at timeMs: Int64, rule: ThresholdRule, emit: (RuleTransition.Kind) -> Void) {
        guard let limit = rule.flappingTransitions, limit > 0 else { return }
        let flapping = recentTransitionsMs.count >= limit && timeMs - recentTransitionsMs[0] <= rule.flappingWindowMs
        if flapping != isFlapping {
            isFlapping = flapping
            emit(flapping ? .flappingStarted : .flappingStopped)
        }
    }
}
