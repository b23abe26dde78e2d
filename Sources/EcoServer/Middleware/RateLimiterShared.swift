import EcoStore
import Logging
import Synchronization

/// The limiter of replicas sharing a store (``EcoStore/sharedLimits``, PostgreSQL): each request takes its token
/// in the store, in one statement, so a caller has one budget however many replicas it reaches, and the answers
/// (allowed, remaining, reset, Retry-After) are those ``InMemoryRateLimiter`` gives for the same sequence.
///
/// A store that cannot answer (PostgreSQL restarting) does not fail the request: this process counts in memory
/// meanwhile, as one process always does, and logs the first failure of each run of them.
public final class SharedRateLimiter: RateLimiter {
    private let counters: any SharedLimitStore
    private let fallback = InMemoryRateLimiter()
    private let logger: Logger
    /// Unix seconds of the latest prune of idle buckets (at most hourly, off the request's path).
    private let lastPrune = Mutex<Double>(-.infinity)
    private let failing = Atomic<Bool>(false)

    public init(counters: any SharedLimitStore, logger: Logger) {
        self.counters = counters
        self.logger = logger
    }

    public func consume(key: String, policy: RateLimitPolicy, now: Double) async -> RateLimitDecision {
        pruneIfDue(now: now)
        do {
            let answer = try await counters.takeRateLimitToken(key: key, quota: policy.quota, now: now)
            if failing.exchange(false, ordering: .relaxed) { logger.notice("shared rate limits answer again") }
            return RateLimitDecision(policy: policy, answer: answer)
        } catch {
            if !failing.exchange(true, ordering: .relaxed) {
                logger.warning("shared rate limits unavailable; counting in this process", metadata: ["error": "\(error)"])
            }
            return await fallback.consume(key: key, policy: policy, now: now)
        }
    }

    /// Once an hour, forgets buckets idle for a day (full again, so no answer changes) and callers without slots.
    private func pruneIfDue(now: Double) {
        let due = lastPrune.withLock { last in
            guard now - last >= 3_600 else { return false }
            last = now
            return true
        }
        guard due else { return }
        Task { [counters, logger] in
            do { try await counters.pruneLimits(idleSince: now - 86_400) } catch {
                logger.info("pruning shared rate limits failed; the next hour tries again", metadata: ["error": "\(error)"])
            }
        }
    }
}
