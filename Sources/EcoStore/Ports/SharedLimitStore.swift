/// The request limits of the security model (docs/security.md) counted in the store, so that every process
/// sharing it (`ecotrack serve` replicas on one PostgreSQL) shares one budget per caller: the two token buckets
/// of the rate limit, and the concurrency slots a caller holds. A store that belongs to one process (SQLite)
/// offers none (``EcoStore/sharedLimits`` is nil) and the process counts in memory.
public protocol SharedLimitStore: Sendable {
    /// Refills `key`'s buckets to `now` (Unix seconds) and takes one token from each when both hold one, in one
    /// atomic step, following ``TokenBuckets/take(_:now:)`` exactly; a key seen for the first time starts full.
    func takeRateLimitToken(key: String, quota: TokenBucketQuota, now: Double) async throws -> TokenBucketAnswer

    /// Takes one of `key`'s `limit` concurrency slots under the id `slot` (unique to the holder), unless `limit`
    /// unexpired slots are held already; false then. A slot counts until released or until `lease` has passed
    /// (measured by the store's clock), so the slots of a process that died come back on their own.
    func acquireConcurrencySlot(key: String, slot: String, limit: Int, lease: Duration) async throws -> Bool

    /// Gives back a slot taken by ``acquireConcurrencySlot(key:slot:limit:lease:)``; an unknown or expired one is ignored.
    func releaseConcurrencySlot(key: String, slot: String) async throws

    /// Forgets buckets untouched since `idleSince` (Unix seconds; they would be full again a day later, so
    /// forgetting a day-old bucket changes no answer) and callers whose slots have all expired or been released.
    func pruneLimits(idleSince: Double) async throws
}

extension EcoStore {
    /// None by default: the store belongs to one process, which counts its limits in memory.
    public var sharedLimits: (any SharedLimitStore)? { nil }
}

/// A caller's quota: bucket sizes of the minute and day windows; each refills at its size per window.
public struct TokenBucketQuota: Sendable, Equatable {
    public var minuteCapacity: Double
    public var dayCapacity: Double

    public init(minuteCapacity: Double, dayCapacity: Double) {
        self.minuteCapacity = minuteCapacity
        self.dayCapacity = dayCapacity
    }

    /// Tokens per second back into the minute bucket.
    public var minuteRate: Double { minuteCapacity / 60 }
    /// Tokens per second back into the day bucket.
    public var dayRate: Double { dayCapacity / 86_400 }
}

/// What one request found: whether it took a token, and the tokens left in each bucket afterwards.
public struct TokenBucketAnswer: Sendable, Equatable {
    public var allowed: Bool
    public var minuteTokens: Double
    public var dayTokens: Double

    public init(allowed: Bool, minuteTokens: Double, dayTokens: Double) {
        self.allowed = allowed
        self.minuteTokens = minuteTokens
        self.dayTokens = dayTokens
    }
}

/// One caller's two token buckets and the rule every limiter follows, in memory or in a store: refill both to
/// `now` (never past the capacity, never backwards in time), then take a token from each when both hold one,
/// so bursts up to the minute quota pass and the daily total stays capped.
public struct TokenBuckets: Sendable, Equatable {
    public var minuteTokens: Double
    public var dayTokens: Double
    /// Unix seconds of the latest refill.
    public var updated: Double

    /// Full buckets at `now`.
    public init(full quota: TokenBucketQuota, at now: Double) {
        minuteTokens = quota.minuteCapacity
        dayTokens = quota.dayCapacity
        updated = now
    }

    /// Refills to `now` and takes a token from each bucket when both hold one.
    public mutating func take(_ quota: TokenBucketQuota, now: Double) -> TokenBucketAnswer {
        let elapsed = max(0, now - updated)
        minuteTokens = min(quota.minuteCapacity, minuteTokens + elapsed * quota.minuteRate)
        dayTokens = min(quota.dayCapacity, dayTokens + elapsed * quota.dayRate)
        updated = max(updated, now)
        let allowed = minuteTokens >= 1 && dayTokens >= 1
        if allowed {
            minuteTokens -= 1
            dayTokens -= 1
        }
        return TokenBucketAnswer(allowed: allowed, minuteTokens: minuteTokens, dayTokens: dayTokens)
    }
}
