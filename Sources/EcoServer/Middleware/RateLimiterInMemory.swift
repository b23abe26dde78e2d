import EcoCore
import EcoPipeline
import Synchronization

/// Two token buckets per caller, one per window: the minute bucket holds `perMinute` tokens and
/// refills at perMinute/60 per second, the day bucket likewise over 86,400 s. A request takes one
/// token from each, so bursts up to the minute quota pass and the daily total is still capped.
public final class InMemoryRateLimiter: RateLimiter {
    struct Bucket: Sendable {
        var tokens: Double
        var updated: Double

        mutating func refill(capacity: Double, perSecond: Double, now: Double) {
            tokens = min(capacity, tokens + max(0, now - updated) * perSecond)
            updated = max(updated, now)
        }
    }

    struct Buckets: Sendable {
        var minute: Bucket
        var day: Bucket
    }

    private let state = Mutex<[String: Buckets]>([:])
    /// Past this many callers, idle (full) buckets are dropped.
    private let pruneThreshold: Int

    public init(pruneThreshold: Int = 100_000) {
        self.pruneThreshold = pruneThreshold
    }

    public func consume(key: String, policy: RateLimitPolicy, now: Double) async -> RateLimitDecision {
        let minuteCapacity = Double(policy.perMinute), dayCapacity = Double(policy.perDay)
        let minuteRate = minuteCapacity / 60, dayRate = dayCapacity / 86_400
        return state.withLock { all in
            if all.count > pruneThreshold { Self.prune(&all, now: now) }
            var buckets = all[key] ?? Buckets(minute: Bucket(tokens: minuteCapacity, updated: now), day: Bucket(tokens: dayCapacity, updated: now))
            buckets.minute.refill(capacity: minuteCapacity, perSecond: minuteRate, now: now)
            buckets.day.refill(capacity: dayCapacity, perSecond: dayRate, now: now)
            let allowed = buckets.minute.tokens >= 1 && buckets.day.tokens >= 1
            var retryAfter: Int?
            if allowed {
                buckets.minute.tokens -= 1
                buckets.day.tokens -= 1
            } else {
                let wait = max((1 - buckets.minute.tokens) / minuteRate, (1 - buckets.day.tokens) / dayRate)
                retryAfter = max(1, Int(wait.rounded(.up)))
            }
            all[key] = buckets
            return RateLimitDecision(
                allowed: allowed, policy: policy,
                remainingMinute: Int(buckets.minute.tokens.rounded(.down)), remainingDay: Int(buckets.day.tokens.rounded(.down)),
                resetMinute: Int(((minuteCapacity - buckets.minute.tokens) / minuteRate).rounded(.up)),
                resetDay: Int(((dayCapacity - buckets.day.tokens) / dayRate).rounded(.up)),
                retryAfter: retryAfter)
        }
    }

    /// Drops callers idle for a day: their buckets are full again, so forgetting them changes nothing.
    private static func prune(_ all: inout [String: Buckets], now: Double) {
        all = all.filter { _, buckets in
            now - buckets.day.updated < 86_400
        }
    }
}
