/// A threshold alert rule on one variable, e.g. "pm25 above 35 µg/m³ for 30 minutes".
///
/// Semantics follow Prometheus alerting rules: the condition must hold for `forMs` (pending)
/// before the rule fires, and a firing rule stays firing for `keepFiringForMs` after the
/// condition clears. `clearThreshold` adds hysteresis: once triggered, the condition holds until
/// the value crosses the clear threshold rather than the trigger threshold.
public struct ThresholdRule: Codable, Sendable, Equatable {
    /// Which side of the threshold is bad.
    public enum Direction: String, Codable, Sendable {
        case above
        case below
    }

    public var direction: Direction
    /// Trigger threshold, in the variable's unit (strict: `above` means value > threshold).
    public var threshold: Double
    /// Threshold the value must cross back to clear, in the variable's unit; defaults to `threshold`.
    public var clearThreshold: Double
    /// How long the condition must hold before the rule fires, ms (0 fires at once).
    public var forMs: Int64
    /// How long a firing rule keeps firing after the condition cleared, ms.
    public var keepFiringForMs: Int64
    /// Flapping: this many firing/resolved transitions within `flappingWindowMs`; nil disables.
    public var flappingTransitions: Int?
    /// Window for flapping detection, ms.
    public var flappingWindowMs: Int64

    public init(
        direction: Direction, threshold: Double, clearThreshold: Double? = nil, forMs: Int64 = 0,
        keepFiringForMs: Int64 = 0, flappingTransitions: Int? = 6, flappingWindowMs: Int64 = 3_600_000
    ) {
        self.direction = direction
        self.threshold = threshold
        self.clearThreshold = clearThreshold ?? threshold
        self.forMs = forMs
        self.keepFiringForMs = keepFiringForMs
        self.flappingTransitions = flappingTransitions
        self.flappingWindowMs = flappingWindowMs
    }

    /// Whether `value` is bad; `triggered` says the rule is already pending or firing (hysteresis).
    public func conditionHolds(for value: Double, triggered: Bool) -> Bool {
        let limit = triggered ? clearThreshold : threshold
        return direction == .above ? value > limit : value < limit
    }
}

/// A change in a rule's lifecycle, returned by ``RuleState/evaluate(_:timeMs:value:)``.
public struct RuleTransition: Codable, Sendable, Equatable {
    /// What happened; raw values are the API's spellings.
    public enum Kind: String, Codable, Sendable {
        /// The condition started to hold; waiting for `forMs`.
        case pending
        /// The condition held for `forMs`: the alert fires.
        case firing
        /// A pending condition cleared before `forMs`: no alert.
        case cancelled
        /// A firing alert cleared (after `keepFiringForMs`).
        case resolved
        /// Too many firing/resolved transitions within the window.
        case flappingStarted
        /// Transitions slowed down again.
        case flappingStopped
    }

    public var kind: Kind
    /// Time of the point that caused it, ms since the epoch.
    public var timeMs: Int64
    /// The value of that point.
    public var value: Double

    public init(kind: Kind, timeMs: Int64, value: Double) {
        self.kind = kind
        self.timeMs = timeMs
        self.value = value
    }
}
