@testable import EcoServer
import EcoStore
import Testing

/// Replicas on one PostgreSQL share each caller's rate limit and concurrency budget: two stores opened on one
/// schema stand for two `ecotrack serve` processes (the limiter's single-process contract is in AuthRateLimitTests).
@Suite(.enabled(if: TestPostgres.isAvailable, "ECOTRACK_TEST_POSTGRES is not set: the shared-limit tests are skipped"))
struct SharedLimitTests {
    /// Two stores on one fresh schema, closed after `body`.
    static func withTwoReplicas(_ body: (any EcoStore, any EcoStore) async throws -> Void) async throws {
        let schema = TestPostgres.freshSchema()
        let first = try await TestPostgres.open(schema: schema, "limitWait=30000")
        let second = try await TestPostgres.open(schema: schema, "limitWait=30000")
        do {
            try await body(first, second)
        } catch {
            try? await first.close()
            try? await second.close()
            throw error
        }
        try await first.close()
        try await second.close()
    }

    static func limiter(_ store: any EcoStore) throws -> SharedRateLimiter {
        SharedRateLimiter(counters: try TestPostgres.counters(store), logger: TestPostgres.logger)
    }

    static func budget(_ store: any EcoStore, queueWait: Duration = .zero, lease: Duration = .seconds(60), holder: String) throws -> ConcurrencyBudget {
        let slots = SharedConcurrencySlots(counters: try TestPostgres.counters(store), holder: holder, lease: lease,
                                           logger: TestPostgres.logger)
        return ConcurrencyBudget(queueWait: queueWait, shared: slots, logger: TestPostgres.logger)
    }

    @Test func twoReplicasTakeFromOneBudget() async throws {
        try await Self.withTwoReplicas { first, second in
            let (a, b) = (try Self.limiter(first), try Self.limiter(second))
            let policy = RateLimitPolicy.of(.free)
            for index in 0..<policy.perMinute {
                let decision = await (index.isMultiple(of: 2) ? a : b).consume(key: "user:1", policy: policy, now: 1_000)
                #expect(decision.allowed && decision.remainingMinute == policy.perMinute - index - 1)
            }
            #expect(await !a.consume(key: "user:1", policy: policy, now: 1_000).allowed)
            let refused = await b.consume(key: "user:1", policy: policy, now: 1_000)
            #expect(!refused.allowed && refused.retryAfter == 2)
        }
    }

    @Test func simultaneousRequestsAtTwoReplicasNeverTakeMoreThanTheQuota() async throws {
        try await Self.withTwoReplicas { first, second in
            let (a, b) = (try Self.limiter(first), try Self.limiter(second))
            let policy = RateLimitPolicy(perMinute: 25, perDay: 1_000)
            let allowed = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<60 {
                    group.addTask { await (index.isMultiple(of: 2) ? a : b).consume(key: "user:2", policy: policy, now: 50).allowed }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(allowed == 25)
        }
    }

    @Test func idleBucketsArePrunedAndStartFullAgain() async throws {
        try await Self.withTwoReplicas { first, _ in
            let limiter = try Self.limiter(first)
            let counters = try TestPostgres.counters(first)
            let policy = RateLimitPolicy.of(.free)
            _ = await limiter.consume(key: "kept", policy: policy, now: 0)
            _ = await limiter.consume(key: "pruned", policy: policy, now: 0)
            _ = await limiter.consume(key: "kept", policy: policy, now: 9)
            try await counters.pruneLimits(idleSince: 5)
            // A kept bucket refilled only 10/86,400 of its day quota since; a pruned one starts full.
            #expect(await limiter.consume(key: "kept", policy: policy, now: 10).remainingDay == 997)
            #expect(await limiter.consume(key: "pruned", policy: policy, now: 10).remainingDay == 999)
        }
    }

    @Test func aStoreThatCannotAnswerLeavesTheCountToTheProcess() async throws {
        let store = try await TestPostgres.open(schema: TestPostgres.freshSchema())
        let limiter = try Self.limiter(store)
        let budget = try Self.budget(store, holder: "alone")
        try await store.close()
        let decision = await limiter.consume(key: "k", policy: .of(.free), now: 0)
        #expect(decision.allowed && decision.remainingMinute == 29)
        let slot = await budget.acquire("k", limit: 1, shared: true)
        #expect(slot != nil && budget.count("k") == 1, "counted in this process")
        #expect(await budget.acquire("k", limit: 1, shared: true) == nil)
    }

    @Test func concurrencySlotsAreCountedAcrossReplicasButOperatorsStayLocal() async throws {
        try await Self.withTwoReplicas { first, second in
            let a = try Self.budget(first, holder: "a")
            let b = try Self.budget(second, holder: "b")
            let held = await a.acquire("user:3", limit: 2, shared: true)
            let other = await b.acquire("user:3", limit: 2, shared: true)
            #expect(held != nil && other != nil)
            #expect(await a.acquire("user:3", limit: 2, shared: true) == nil)
            #expect(await b.acquire("user:3", limit: 2, shared: true) == nil)
            #expect(a.count("user:3") == 0, "shared slots are not counted in the process")
            // An operator's slot never asks the store.
            #expect(await a.acquire("user:3", limit: 2) != nil)
            // A slot freed at one replica is taken by a request waiting at the other.
            let waiting = try Self.budget(first, queueWait: .seconds(5), holder: "a2")
            let waiter = Task { await waiting.acquire("user:3", limit: 2, shared: true) }
            while waiting.waiting("user:3") == 0 { await Task.yield() }
            other?.release()
            #expect(await waiter.value != nil)
            #expect(await b.acquire("user:3", limit: 2, shared: true) == nil)
            _ = held
        }
    }

    @Test func theSlotsOfAKilledReplicaComeBackWhenTheirLeaseEnds() async throws {
        let schema = TestPostgres.freshSchema()
        let killed = try await TestPostgres.open(schema: schema, "limitWait=30000")
        let survivor = try await TestPostgres.open(schema: schema, "limitWait=30000")
        let dying = try Self.budget(killed, lease: .seconds(1), holder: "killed")
        let slots = [await dying.acquire("user:4", limit: 2, shared: true), await dying.acquire("user:4", limit: 2, shared: true)]
        #expect(slots.allSatisfy { $0 != nil })
        // The process dies holding both: its store goes away, nothing is released.
        try await killed.close()
        let live = try Self.budget(survivor, queueWait: .seconds(4), holder: "survivor")
        let started = ContinuousClock.now
        let slot = await live.acquire("user:4", limit: 2, shared: true)
        #expect(slot != nil, "a slot came back within the lease")
        #expect(ContinuousClock.now - started < .seconds(4))
        try await survivor.close()
        _ = slots
    }
}
