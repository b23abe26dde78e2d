import EcoStore
import PostgresNIO

/// The request limits of every process on this schema (migration 14). Each call is one statement, atomic under
/// the caller's row lock (`INSERT … ON CONFLICT DO UPDATE` locks the row and re-reads its newest version), so two
/// replicas taking from one caller's budget at the same moment never both take the last token or slot.
///
/// A request waits for its token or slot at most the location's `limitWait` (PostgreSQL restarting, a row lock held long):
/// then the call throws and the limiter counts in the process, rather than holding the request; the statement is
/// left behind to end on its own.
extension PostgresStore: SharedLimitStore {
    public var sharedLimits: (any SharedLimitStore)? { self }

    public func takeRateLimitToken(key: String, quota: TokenBucketQuota, now: Double) async throws -> TokenBucketAnswer {
        try await boundedLimit { try await self.takeToken(key: key, quota: quota, now: now) }
    }

    public func acquireConcurrencySlot(key: String, slot: String, limit: Int, lease: Duration) async throws -> Bool {
        try await boundedLimit { try await self.takeSlot(key: key, slot: slot, limit: limit, lease: lease) }
    }

    private func boundedLimit<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let bound = location.limitWait
        return try await abandoning(operation, giveUp: {
            try? await Task.sleep(for: bound)
            return StoreError.queryTimedOut(limit: bound)
        })
    }

    private func takeToken(key: String, quota: TokenBucketQuota, now: Double) async throws -> TokenBucketAnswer {
        // The arithmetic is TokenBuckets.take's, operation for operation in float8, so both give the same answers.
        let (minuteCap, dayCap, minuteRate, dayRate) = (quota.minuteCapacity, quota.dayCapacity, quota.minuteRate, quota.dayRate)
        let rows = try await database.rows("""
            INSERT INTO rate_limit_buckets AS b (key, minute_tokens, day_tokens, updated, allowed)
            SELECT \(key), CASE WHEN ok THEN m - 1 ELSE m END, CASE WHEN ok THEN d - 1 ELSE d END, \(now), ok
            FROM (SELECT \(minuteCap)::float8 AS m, \(dayCap)::float8 AS d, \(minuteCap)::float8 >= 1 AND \(dayCap)::float8 >= 1 AS ok) AS fresh
            ON CONFLICT (key) DO UPDATE SET (minute_tokens, day_tokens, updated, allowed) = (
                SELECT CASE WHEN ok THEN m - 1 ELSE m END, CASE WHEN ok THEN d - 1 ELSE d END, GREATEST(b.updated, \(now)::float8), ok
                FROM (SELECT m, d, m >= 1 AND d >= 1 AS ok
                      FROM (SELECT LEAST(\(minuteCap)::float8, b.minute_tokens + GREATEST(0, \(now)::float8 - b.updated) * \(minuteRate)::float8) AS m,
                                   LEAST(\(dayCap)::float8, b.day_tokens + GREATEST(0, \(now)::float8 - b.updated) * \(dayRate)::float8) AS d) AS refilled
                     ) AS decided)
            RETURNING allowed, minute_tokens, day_tokens
            """) { try $0.decode((Bool, Double, Double).self) }
        guard let answer = rows.first else { throw UnansweredUpsert(table: "rate_limit_buckets") }
        return TokenBucketAnswer(allowed: answer.0, minuteTokens: answer.1, dayTokens: answer.2)
    }

    private func takeSlot(key: String, slot: String, limit: Int, lease: Duration) async throws -> Bool {
        guard limit >= 1 else { return false }
        let leaseSeconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        // Expired slots are dropped while the row is rewritten; the WHERE counts the live ones under the row lock.
        let rows = try await database.rows("""
            INSERT INTO concurrency_slots AS c (key, slots)
            VALUES (\(key), jsonb_build_object(\(slot)::text, extract(epoch FROM now())::float8 + \(leaseSeconds)::float8))
            ON CONFLICT (key) DO UPDATE
            SET slots = (SELECT COALESCE(jsonb_object_agg(s.key, s.value), '{}'::jsonb) FROM jsonb_each(c.slots) AS s
                         WHERE s.value::float8 > extract(epoch FROM now())::float8) || EXCLUDED.slots
            WHERE (SELECT count(*) FROM jsonb_each(c.slots) AS s WHERE s.value::float8 > extract(epoch FROM now())::float8) < \(Int64(limit))
            RETURNING true
            """) { try $0.decode(Bool.self) }
        return !rows.isEmpty
    }

    public func releaseConcurrencySlot(key: String, slot: String) async throws {
        try await database.execute("UPDATE concurrency_slots SET slots = slots - \(slot)::text WHERE key = \(key) AND slots ? \(slot)::text")
    }

    public func pruneLimits(idleSince: Double) async throws {
        try await database.execute("DELETE FROM rate_limit_buckets WHERE updated < \(idleSince)::float8")
        // A caller taking a slot meanwhile rewrites the row first; the DELETE then re-reads it and keeps it.
        try await database.execute("""
            DELETE FROM concurrency_slots AS c
            WHERE NOT EXISTS (SELECT 1 FROM jsonb_each(c.slots) AS s WHERE s.value::float8 > extract(epoch FROM now())::float8)
            """)
    }
}

/// An upsert with RETURNING answered no row, which PostgreSQL does not do; thrown rather than trusted blindly.
struct UnansweredUpsert: Error, CustomStringConvertible {
    let table: String
    var description: String { "PostgreSQL returned no row from the upsert into \(table)" }
}
