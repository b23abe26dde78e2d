import EcoCore
import EcoStore

/// How webhook deliveries are retried: exponential backoff with jitter, a cap, a last attempt and a
/// per-request timeout. `EcoConfiguration.webhookDelivery`; entry enrichment retries its requests by the same rules
/// (`EnrichmentSettings.retry`). Tests use small values.
public struct WebhookDeliveryPolicy: Sendable, Equatable {
    /// Wait before the second attempt (before jitter); it doubles with each failed attempt.
    public var baseDelay: Duration = .milliseconds(500)
    /// The longest wait between two attempts (before jitter).
    public var maxDelay: Duration = .seconds(300)
    /// Attempts per event before it is given up (logged as `gave_up`) and the next event is sent.
    /// 400 attempts with the defaults keep trying for about a day.
    public var maxAttempts: Int = 400
    /// Longest one HTTP request may take, connection included.
    public var timeout: Duration = .seconds(10)

    public init() {}

    public init(baseDelay: Duration, maxDelay: Duration, maxAttempts: Int, timeout: Duration) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAttempts = maxAttempts
        self.timeout = timeout
    }

    /// The wait after failed attempt number `attempt` (1-based) without jitter: `baseDelay · 2^(attempt-1)`, at most `maxDelay`.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 40)
        let delay = baseDelay * (1 << exponent)
        return delay > maxDelay ? maxDelay : delay
    }

    /// The wait actually slept: the backoff scaled by `jitter` in 0.5…1 ("equal jitter"), so webhooks
    /// that failed together do not retry in lockstep.
    public func delay(afterAttempt attempt: Int, jitter: Double = Double.random(in: 0.5...1)) -> Duration {
        backoff(afterAttempt: attempt) * jitter
    }
}
