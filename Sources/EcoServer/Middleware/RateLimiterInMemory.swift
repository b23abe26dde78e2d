import EcoCore
import EcoPipeline
import EcoStore
import Synchronization

/// The limiter of one process: each caller's two token buckets (``TokenBuckets``, one per window) in memory.
/// A request takes one token from each, so bursts up to the minute quota pass and the daily total is still capped.
/// Replicas sharing a PostgreSQL store use ``SharedRateLimiter`` instead, which follows the same rule in the store.
public final class InMemoryRateLimiter: RateLimiter {
    private let state = Mutex<[String: TokenBuckets]>([:])
    /// Past this many callers, idle (full) buckets are dropped.
    private let pruneThreshold: Int

    public init(pruneThreshold: Int = 100_000) {
        self.pruneThreshold = pruneThreshold
    }

    public func consume(key: String, policy: RateLimitPolicy, now: Double) async -> RateLimitDecision {
        let quota = policy.quota
        let answer = state.withLock { all in
            if all.count > pruneThreshold { Self.prune(&all, now: now) }
            var buckets = all[key] ?? TokenBuckets(full: quota, at: now)
            let answer = buckets.take(quota, now: now)
            all[key] = buckets
            return answer
        }
        return RateLimitDecision(policy: policy, answer: answer)
    }

    /// Drops callers idle for a day: their buckets are full again, so forgetting them changes nothing.
    private static func prune(_ all: inout [String: TokenBuckets], now: Double) {
        all = all.filter { _, buckets in
            now - buckets.updated < 86_400
        }
    }
}
