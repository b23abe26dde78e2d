@testable import EcoServer
import EcoStore
import EcoStoreFactory
import Foundation
import Logging

/// A rate limiter the limiter tests run unchanged: in memory (one process), or shared through PostgreSQL
/// (`ECOTRACK_TEST_POSTGRES`, as the adapter's own tests) — the contract both keep.
struct LimiterUnderTest: Sendable, CustomStringConvertible {
    let description: String
    private let open: @Sendable () async throws -> (limiter: any RateLimiter, close: @Sendable () async throws -> Void)

    static let inMemory = LimiterUnderTest(description: "in memory") { (InMemoryRateLimiter(), {}) }
    static let postgres = LimiterUnderTest(description: "PostgreSQL") {
        // The contract counts every request in PostgreSQL: on a loaded test machine a round trip can take over the
        // default second, after which the limiter would count in memory (its fallback, tested on its own).
        let store = try await TestPostgres.open(schema: TestPostgres.freshSchema(), "limitWait=30000")
        return (SharedRateLimiter(counters: try TestPostgres.counters(store), logger: TestPostgres.logger), { try await store.close() })
    }

    /// In memory always; PostgreSQL too when a test server is named (without one, its cases are not listed).
    static var available: [LimiterUnderTest] { TestPostgres.isAvailable ? [.inMemory, .postgres] : [.inMemory] }

    /// Runs `body` with a fresh limiter, then closes what it opened.
    func with(_ body: (any RateLimiter) async throws -> Void) async throws {
        let (limiter, close) = try await open()
        do {
            try await body(limiter)
            try await close()
        } catch {
            try? await close()
            throw error
        }
    }
}
