import EcoCore
import EcoPipeline
import EcoStore

/// Requests a caller may make per minute and per day; the numbers are the specification's
/// (§5.3 "Rate limits": free 30/1,000, researcher 120/10,000, institutional 600/100,000).
public struct RateLimitPolicy: Sendable, Equatable {
    public var perMinute: Int
    public var perDay: Int

    public init(perMinute: Int, perDay: Int) {
        self.perMinute = perMinute
        self.perDay = perDay
    }

    public static func of(_ tier: QuotaTier) -> RateLimitPolicy {
        switch tier {
        case .free: RateLimitPolicy(perMinute: 30, perDay: 1_000)
        case .researcher: RateLimitPolicy(perMinute: 120, perDay: 10_000)
        case .institutional: RateLimitPolicy(perMinute: 600, perDay: 100_000)
        }
    }

    /// Operators are not rate limited: admins, and contributors writing data (a device gateway posting
    /// 50,000 readings/s must not run into a per-minute quota meant for API consumers). They still have
    /// a concurrency budget, and their requests are audited.
    public static func isOperator(_ identity: Identity?, permission: Permission) -> Bool {
        guard let role = identity?.user?.role else { return false }
        return role == .admin || (role == .contributor && permission == .writeData)
    }

    /// The buckets this policy fills: the minute and day quotas, each refilled over its window.
    public var quota: TokenBucketQuota { TokenBucketQuota(minuteCapacity: Double(perMinute), dayCapacity: Double(perDay)) }

    /// `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers-09): one quota per window.
    public var headerValue: String { #""minute";q=\#(perMinute);w=60, "day";q=\#(perDay);w=86400"# }
}

/// The limiter's answer for one request.
public struct RateLimitDecision: Sendable, Equatable {
    public var allowed: Bool
    public var policy: RateLimitPolicy
    /// Whole requests left in each window right now.
    public var remainingMinute: Int
    public var remainingDay: Int
    /// Seconds until each window's quota is back to full.
    public var resetMinute: Int
    public var resetDay: Int
    /// Seconds until the next request would be allowed; nil when allowed.
    public var retryAfter: Int?

    /// The decision for what a request found in its caller's buckets (in memory or in a shared store alike):
    /// whole tokens left, seconds until each bucket is full again, and when refused, seconds until both hold a token.
    public init(policy: RateLimitPolicy, answer: TokenBucketAnswer) {
        let quota = policy.quota
        allowed = answer.allowed
        self.policy = policy
        remainingMinute = Int(answer.minuteTokens.rounded(.down))
        remainingDay = Int(answer.dayTokens.rounded(.down))
        resetMinute = Int(((quota.minuteCapacity - answer.minuteTokens) / quota.minuteRate).rounded(.up))
        resetDay = Int(((quota.dayCapacity - answer.dayTokens) / quota.dayRate).rounded(.up))
        if answer.allowed {
            retryAfter = nil
        } else {
            let wait = max((1 - answer.minuteTokens) / quota.minuteRate, (1 - answer.dayTokens) / quota.dayRate)
            retryAfter = max(1, Int(wait.rounded(.up)))
        }
    }

    /// `RateLimit` (draft-ietf-httpapi-ratelimit-headers-09): remaining quota and reset per policy.
    public var headerValue: String { #""minute";r=\#(remainingMinute);t=\#(resetMinute), "day";r=\#(remainingDay);t=\#(resetDay)"# }
}

/// Counts requests per caller: the limiter port of the security model. ``InMemoryRateLimiter`` serves one
/// process; ``SharedRateLimiter`` shares the counters of every replica on a store that offers them
/// (``EcoStore/sharedLimits``, PostgreSQL). Both follow ``TokenBuckets`` and give the same decisions.
public protocol RateLimiter: Sendable {
    /// Takes one request from `key`'s quota if there is room. `now` is Unix time in seconds.
    func consume(key: String, policy: RateLimitPolicy, now: Double) async -> RateLimitDecision
}
