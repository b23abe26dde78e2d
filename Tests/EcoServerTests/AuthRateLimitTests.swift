import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
@testable import EcoServer
import EcoStore
import Foundation
import Testing

@Suite struct AuthRateLimitTests {
    // The limiter's contract, run on the in-memory limiter and on the one PostgreSQL replicas share.

    @Test(arguments: LimiterUnderTest.available, QuotaTier.allCases)
    func aBurstUpToTheMinuteQuotaPassesAndTheNextWaits(_ subject: LimiterUnderTest, tier: QuotaTier) async throws {
        try await subject.with { limiter in
            let policy = RateLimitPolicy.of(tier)
            for index in 0..<policy.perMinute {
                let decision = await limiter.consume(key: "k", policy: policy, now: 1_000)
                #expect(decision.allowed)
                #expect(decision.remainingMinute == policy.perMinute - index - 1)
            }
            let refused = await limiter.consume(key: "k", policy: policy, now: 1_000)
            #expect(!refused.allowed)
            // One token comes back every 60/perMinute seconds.
            #expect(refused.retryAfter == Int((60.0 / Double(policy.perMinute)).rounded(.up)))
            // Other callers have their own buckets.
            #expect(await limiter.consume(key: "other", policy: policy, now: 1_000).allowed)
        }
    }

    @Test(arguments: LimiterUnderTest.available)
    func tokensRefillWithTime(_ subject: LimiterUnderTest) async throws {
        try await subject.with { limiter in
            let policy = RateLimitPolicy(perMinute: 30, perDay: 1_000)
            for _ in 0..<30 { _ = await limiter.consume(key: "k", policy: policy, now: 0) }
            #expect(await !limiter.consume(key: "k", policy: policy, now: 1.9).allowed)
            #expect(await limiter.consume(key: "k", policy: policy, now: 2.0).allowed)
            #expect(await !limiter.consume(key: "k", policy: policy, now: 2.0).allowed)
            // A clock behind the latest request (another replica's) refills nothing and moves nothing back.
            #expect(await !limiter.consume(key: "k", policy: policy, now: 1.0).allowed)
            let full = await limiter.consume(key: "k", policy: policy, now: 200)
            #expect(full.allowed && full.remainingMinute == 29)
        }
    }

    @Test(arguments: LimiterUnderTest.available)
    func theDailyQuotaCapsBurstsSpreadOverMinutes(_ subject: LimiterUnderTest) async throws {
        try await subject.with { limiter in
            let policy = RateLimitPolicy(perMinute: 10, perDay: 15)
            for _ in 0..<10 { #expect(await limiter.consume(key: "k", policy: policy, now: 0).allowed) }
            var allowedLater = 0
            for _ in 0..<10 where await limiter.consume(key: "k", policy: policy, now: 60).allowed { allowedLater += 1 }
            #expect(allowedLater == 5)
            let refused = await limiter.consume(key: "k", policy: policy, now: 60)
            #expect(refused.remainingDay == 0)
            #expect((refused.retryAfter ?? 0) > 60)
        }
    }

    @Test(arguments: LimiterUnderTest.available)
    func headersFollowTheRateLimitDraft(_ subject: LimiterUnderTest) async throws {
        try await subject.with { limiter in
            let decision = await limiter.consume(key: "k", policy: .of(.free), now: 0)
            #expect(decision.policy.headerValue == #""minute";q=30;w=60, "day";q=1000;w=86400"#)
            #expect(decision.headerValue == #""minute";r=29;t=2, "day";r=999;t=87"#)
        }
    }

    /// Every decision of a mixed sequence (bursts, fractional refills, a changed tier, a clock going back) is the
    /// in-memory limiter's, field for field: the shared limiter gives the same headers and 429 answers.
    @Test(arguments: LimiterUnderTest.available)
    func decisionsAreTheInMemoryLimitersOnes(_ subject: LimiterUnderTest) async throws {
        let reference = InMemoryRateLimiter()
        var steps: [(String, RateLimitPolicy, Double)] = []
        for index in 0..<140 {
            let policy = index < 100 ? RateLimitPolicy(perMinute: 7, perDay: 40) : .of(.researcher)
            steps.append((index % 3 == 0 ? "a" : "b", policy, 1_000 + Double(index) * 0.37 - (index % 11 == 0 ? 5 : 0)))
        }
        try await subject.with { limiter in
            for (key, policy, now) in steps {
                let expected = await reference.consume(key: key, policy: policy, now: now)
                #expect(await limiter.consume(key: key, policy: policy, now: now) == expected, "\(key) at \(now)")
            }
        }
    }

    /// Sends the free tier's burst (30 requests) one after the other, then 60 more at once, and returns
    /// the statuses (the burst's first, in order) and one refused reply. The bucket refills 0.5 request/s:
    /// sent one by one on a loaded machine, requests can come slower than that and never be refused,
    /// while 60 sent at once outrun any refill unless their arrival spreads over a minute.
    static func exhaust(_ server: LiveServer, as credentials: LiveServer.Credentials) async throws -> ([Int], LiveServer.Reply?) {
        var statuses: [Int] = []
        for _ in 0..<30 {
            statuses.append(try await server.request("GET", "/api/v1/variables", as: credentials).status)
        }
        let burst = try await withThrowingTaskGroup(of: LiveServer.Reply.self) { group in
            for _ in 0..<60 { group.addTask { try await server.request("GET", "/api/v1/variables", as: credentials) } }
            return try await group.reduce(into: [LiveServer.Reply]()) { $0.append($1) }
        }
        statuses += burst.map(\.status)
        return (statuses, burst.first { $0.status == 429 })
    }

    @Test func overTheLimitTheServerAnswers429WithRetryAfterAndCountsItPerTier() async throws {
        try await LiveServer.with { (server: LiveServer) async throws in
            let viewer = try await server.services.access.accounts.createUser(email: "busy@limits.invalid", role: .viewer).key.key
            let (statuses, refusedReply) = try await Self.exhaust(server, as: .bearer(viewer))
            // The free tier's burst: the first 30 always pass.
            #expect(statuses.prefix(30).allSatisfy { $0 == 200 })
            let refused = try #require(refusedReply)
            #expect(refused.contentType.hasPrefix("application/problem+json"))
            #expect(["1", "2"].contains(refused.headers["retry-after"] ?? ""))
            #expect(refused.headers["ratelimit-policy"] == #""minute";q=30;w=60, "day";q=1000;w=86400"#)
            #expect(refused.headers["ratelimit"]?.hasPrefix(#""minute";r=0;"#) == true)
            let researcher = try await server.services.access.accounts.createUser(email: "calm@limits.invalid", role: .analyst, tier: .researcher).key.key
            let ok = try await server.request("GET", "/api/v1/variables", as: .bearer(researcher))
            #expect(ok.status == 200)
            #expect(ok.headers["ratelimit-policy"] == #""minute";q=120;w=60, "day";q=10000;w=86400"#)
            // Operators (here the admin) are not rate limited: no quota, no quota headers.
            let admin = try await server.request("GET", "/api/v1/variables")
            #expect(admin.status == 200 && admin.headers["ratelimit"] == nil)
            let metrics = try await server.request("GET", "/metrics").text
            #expect(metrics.contains(#"rate_limit_rejections_total{tier="free"}"#))
        }
    }

    @Test func anonymousCallersAreLimitedPerAddressButProbesAreNot() async throws {
        try await LiveServer.with(configure: { $0.publicRead = true }) { (server: LiveServer) async throws in
            let (statuses, refused) = try await Self.exhaust(server, as: .none)
            #expect(statuses.prefix(30).allSatisfy { $0 == 200 })
            #expect(refused != nil)
            #expect(try await server.request("GET", "/healthz", as: .none).status == 200)
        }
    }

    @Test func theConcurrencyBudgetHoldsSlotsUntilReleasedOrDropped() async {
        let budget = ConcurrencyBudget(queueWait: .zero)
        let first = await budget.acquire("k", limit: 2)
        var second = await budget.acquire("k", limit: 2)
        #expect(first != nil && second != nil)
        #expect(await budget.acquire("k", limit: 2) == nil)
        #expect(await budget.acquire("other", limit: 2) != nil)
        first?.release()
        first?.release()
        #expect(budget.count("k") == 1)
        second = nil
        #expect(budget.count("k") == 0)
        _ = second
    }

    @Test func aCallerAtItsLimitWaitsInAShortQueueForAFreedSlot() async {
        let budget = ConcurrencyBudget(queueWait: .seconds(10))
        let held = await budget.acquire("gateway", limit: 1)
        let waiting = Task { await budget.acquire("gateway", limit: 1) }
        while budget.waiting("gateway") == 0 { await Task.yield() }
        held?.release()
        let handedOver = await waiting.value
        #expect(handedOver != nil, "the freed slot goes to the waiting request")
        #expect(budget.count("gateway") == 1)
        handedOver?.release()
        #expect(budget.count("gateway") == 0)
    }

    @Test func aWaitingRequestIsRefusedWhenNoSlotFreesInTimeOrTheQueueIsFull() async {
        let budget = ConcurrencyBudget(queueWait: .milliseconds(50))
        let held = await budget.acquire("k", limit: 1)
        let started = ContinuousClock.now
        #expect(await budget.acquire("k", limit: 1) == nil, "no slot freed within the wait")
        #expect(ContinuousClock.now - started >= .milliseconds(50))
        #expect(budget.count("k") == 1)
        // One waiter per slot at most: the second one is refused at once.
        let queued = Task { await budget.acquire("k", limit: 1) }
        while budget.waiting("k") == 0 { await Task.yield() }
        let immediate = ContinuousClock.now
        #expect(await budget.acquire("k", limit: 1) == nil)
        #expect(ContinuousClock.now - immediate < .milliseconds(40))
        #expect(await queued.value == nil)
        _ = held
    }

    @Test func operatorsAreNotRateLimitedButConsumersAre() {
        func identity(_ role: Role) -> Identity {
            Identity(user: User(id: "u", email: "u@x.org", role: role, createdAtMs: 0), credential: .apiKey(id: "k"),
                     permissions: [], tier: .free)
        }
        #expect(RateLimitPolicy.isOperator(identity(.admin), permission: .readPublic))
        #expect(RateLimitPolicy.isOperator(identity(.contributor), permission: .writeData))
        #expect(!RateLimitPolicy.isOperator(identity(.contributor), permission: .readAll))
        #expect(!RateLimitPolicy.isOperator(identity(.analyst), permission: .runAnalysis))
        #expect(!RateLimitPolicy.isOperator(nil, permission: .readPublic))
    }
}
