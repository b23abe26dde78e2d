import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird
import Logging

/// Whether the generic gate audits a route, or its handler records richer entries itself.
enum AuditMode: Sendable {
    /// Every non-GET request is recorded with its outcome.
    case automatic
    /// The handler records its own entries (login, key and user management).
    case byHandler
}

/// The gate every registered route passes through (`RouteRegistrar` wraps each handler):
/// permission → rate limit → concurrency budget → handler → audit. One place, so a route added
/// later is protected by default.
public final class AccessControl: Sendable {
    public let authenticator: Authenticator
    public let tokens: SessionTokens
    public let audit: AuditLog
    public let accounts: Accounts
    /// Organizations, memberships and key rotation (issue #21).
    public let organizations: OrganizationAdmin
    let policy: AccessPolicy
    let limiter: (any RateLimiter)?
    let budget: ConcurrencyBudget
    /// Requests in flight allowed per caller: consumers, and operators (``RateLimitPolicy/isOperator(_:permission:)``).
    let concurrency: (consumers: Int, operators: Int)
    let metrics: EcoMetrics
    let trustForwardedFor: Bool
    let clock: WallClock

    /// - Parameters:
    ///   - limiter: counts requests against the rate limits (``SharedRateLimiter`` for replicas sharing a store).
    ///   - sharedSlots: where consumers' concurrency slots are counted for every replica; nil: in this process.
    ///     Operators' slots are always counted in the process, so their writes never wait for the store's counters.
    public init(store: any AuthStore, configuration: EcoConfiguration, metrics: EcoMetrics, clock: WallClock = .system,
                limiter: (any RateLimiter)? = InMemoryRateLimiter(), sharedSlots: SharedConcurrencySlots? = nil,
                logger: Logger = Logger(label: "ecotrack.access")) async {
        tokens = await SessionTokens(secret: configuration.jwtSecret, lifetime: .seconds(configuration.sessionTokenSeconds), clock: clock)
        let credentials = CredentialCache()
        // The settings were validated when the configuration was resolved, so the URL parses.
        let providerTokens = configuration.externalTokens.flatMap { try? ExternalTokens(settings: $0, clock: clock) }
        authenticator = Authenticator(store: store, tokens: tokens, metricsToken: configuration.metricsToken, clock: clock, cache: credentials,
                                      providerTokens: providerTokens)
        audit = AuditLog(store: store, clock: clock)
        accounts = Accounts(store: store, tokens: tokens, clock: clock, credentials: credentials)
        organizations = OrganizationAdmin(store: store, clock: clock, credentials: credentials)
        self.clock = clock
        policy = AccessPolicy(publicRead: configuration.publicRead,
                              openMetrics: configuration.metricsToken == nil && AccessPolicy.isLoopback(configuration.host))
        self.limiter = configuration.rateLimits ? limiter : nil
        budget = ConcurrencyBudget(queueWait: .milliseconds(Int64(configuration.concurrencyQueueSeconds * 1000)), shared: sharedSlots,
                                   logger: logger)
        concurrency = (consumers: configuration.maxConcurrentRequests, operators: configuration.maxConcurrentRequestsOperators)
        self.metrics = metrics
        trustForwardedFor = configuration.trustForwardedFor
    }

    /// Runs `handler` if the caller may, with limits and audit around it.
    /// A `longLived` route (an event stream) gives its concurrency slot back once the stream has started,
    /// so a client following a stream can still make ordinary requests.
    func run(_ permission: Permission, route: RouteDescription, audit mode: AuditMode, longLived: Bool = false, request: Request,
             context: AppRequestContext, handler: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        let identity = context.auth.identity
        let audited = mode == .automatic && request.method != .get && request.method != .head
        switch policy.decide(permission, for: identity) {
        case .allow:
            break
        case .unauthenticated:
            throw Authenticator.unauthorized("\(route) needs credentials: send 'Authorization: Bearer <API key or token>' or 'X-API-Key: <API key>'.")
        case .forbidden:
            if audited { await audit.record(context, action: route.description, outcome: "denied", detail: "lacks \(permission.rawValue)") }
            let who = identity?.user.map { "Role \($0.role.rawValue)" } ?? "This credential"
            throw Problem(.forbidden, detail: "\(who) lacks the permission \(permission.rawValue) that \(route) needs.",
                          extensions: ["requiredPermission": .string(permission.rawValue)])
        }
        // Health, readiness and the contract stay cheap and unlimited for probes; an anonymous POST
        // (login) is still rate limited per client address against password guessing.
        if permission == .anonymous && request.method == .get { return try await handler(request, context) }

        let principal = identity.map { $0.user.map { "user:\($0.id)" } ?? "metrics" } ?? "ip:\(context.auth.clientIP ?? "unknown")"
        let tierLabel = identity.map { $0.tier.rawValue } ?? "anonymous"
        var limitHeaders = HTTPFields()
        let isOperator = RateLimitPolicy.isOperator(identity, permission: permission)
        if let limiter, !isOperator {
            let decision = await limiter.consume(key: principal, policy: .of(identity?.tier ?? .free), now: Double(clock.nowMs()) / 1000)
            limitHeaders[Self.rateLimitPolicy] = decision.policy.headerValue
            limitHeaders[Self.rateLimit] = decision.headerValue
            if let retryAfter = decision.retryAfter {
                metrics.registry.makeCounter(name: "rate_limit_rejections_total", labels: [("tier", tierLabel)]).increment()
                limitHeaders[.retryAfter] = String(retryAfter)
                throw Problem(.tooManyRequests, title: "Rate limit exceeded",
                              detail: "The \(tierLabel) tier allows \(decision.policy.perMinute) requests per minute and \(decision.policy.perDay) per day; retry in \(retryAfter) s.",
                              extensions: ["retryAfter": .number(Double(retryAfter))], headers: limitHeaders)
            }
        }
        let inFlightLimit = isOperator ? concurrency.operators : concurrency.consumers
        guard let slot = await budget.acquire(principal, limit: inFlightLimit, shared: !isOperator) else {
            metrics.registry.makeCounter(name: "concurrency_rejections_total", labels: [("tier", tierLabel)]).increment()
            throw Problem(.tooManyRequests, title: "Too many concurrent requests",
                          detail: "You already have \(inFlightLimit) requests in progress (the limit for your role) and none finished within \(budget.queueWait.components.seconds) s; wait for one to finish before starting another.",
                          extensions: ["limit": .number(Double(inFlightLimit)), "retryAfter": .number(1)],
                          headers: limitHeaders.merging([.retryAfter: "1"]))
        }
        do {
            var response = try await handler(request, context)
            response.headers.append(contentsOf: limitHeaders)
            if longLived { slot.release() } else { response.body = Self.releasing(slot, after: response.body) }
            if audited { audit.recordSoon(context, action: route.description, outcome: String(response.status.code)) }
            return response
        } catch {
            slot.release()
            if audited { audit.recordSoon(context, action: route.description, outcome: Self.outcome(of: error)) }
            if var problem = error as? Problem {
                problem.headers.append(contentsOf: limitHeaders)
                throw problem
            }
            throw error
        }
    }

    static let rateLimit = HTTPFields.Element.Name("RateLimit")!
    static let rateLimitPolicy = HTTPFields.Element.Name("RateLimit-Policy")!

    /// The body, releasing the slot once written (or when the response is dropped unwritten).
    private static func releasing(_ slot: ConcurrencyBudget.Slot, after body: ResponseBody) -> ResponseBody {
        ResponseBody(contentLength: body.contentLength) { writer in
            defer { slot.release() }
            try await body.write(writer)
        }
    }

    private static func outcome(of error: any Error) -> String {
        switch error {
        case let problem as Problem: String(problem.status.code)
        case let error as HTTPError: String(error.status.code)
        default: "error"
        }
    }

    /// The client's address: the TCP peer, or the first `X-Forwarded-For` hop when the proxy is trusted.
    func clientIP(_ request: Request, context: AppRequestContext) -> String? {
        if trustForwardedFor, let forwarded = request.headers[Self.forwardedFor]?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return context.peerAddress
    }

    static let forwardedFor = HTTPFields.Element.Name("X-Forwarded-For")!
}

extension HTTPFields {
    fileprivate func merging(_ other: HTTPFields) -> HTTPFields {
        var result = self
        result.append(contentsOf: other)
        return result
    }
}

extension AppRequestContext {
    /// Who is calling; nil for anonymous requests.
    public var identity: Identity? { auth.identity }

    /// Throws 401/403 unless the caller holds `permission`; for checks that depend on the request,
    /// such as export formats needing export:data.
    public func require(_ permission: Permission, for what: String) throws {
        switch AccessPolicy(publicRead: false, openMetrics: false).decide(permission, for: identity) {
        case .allow: return
        case .unauthenticated: throw Authenticator.unauthorized("\(what) needs credentials with the permission \(permission.rawValue).")
        case .forbidden:
            throw Problem(.forbidden, detail: "\(what) needs the permission \(permission.rawValue), which your role does not have.",
                          extensions: ["requiredPermission": .string(permission.rawValue)])
        }
    }
}
