import EcoCore
import EcoStore
import PostgresNIO

extension PostgresStore: EventLog {
    /// Most rows one retention statement deletes, so pruning a large backlog never holds long locks.
    static let pruneChunk: Int64 = 20_000

    public func appendEvents(_ events: [NewEvent]) async throws -> [DomainEvent] {
        guard !events.isEmpty else { return [] }
        return try await writeEvents { connection in (events, ()) }.events
    }

    /// Runs `body` in a transaction, then appends the events it returns as its last statement, and once
    /// committed wakes this process's waiters (other processes hear the NOTIFY).
    func writeEvents<T>(_ body: (PostgresConnection) async throws -> (events: [NewEvent], value: T)) async throws -> (events: [DomainEvent], value: T) {
        let result = try await database.transaction { connection in
            let (events, value) = try await body(connection)
            let stored = try await EventRows.append(events, on: connection, logger: database.logger, channel: location.eventChannel)
            return (stored, value)
        }
        if let last = result.0.last { committed.advance(to: last.offset) }
        return result
    }

    public func events(after offset: Int64, topics: Set<String>?, limit: Int) async throws -> [DomainEvent] {
        guard limit > 0, topics?.isEmpty != true else { return [] }
        if let topics {
            return try await database.rows("""
                SELECT \(unescaped: EventRows.columns) FROM events WHERE "offset" > \(offset) AND topic = ANY(\(topics.sorted())::text[])
                ORDER BY "offset" LIMIT \(limit)
                """, EventRows.read)
        }
        return try await database.rows("""
            SELECT \(unescaped: EventRows.columns) FROM events WHERE "offset" > \(offset) ORDER BY "offset" LIMIT \(limit)
            """, EventRows.read)
    }

    public func latestEventOffset() async throws -> Int64 {
        max(try await EventRows.latestOffset(database), committed.value)
    }

    public func consumerOffset(_ consumer: String) async throws -> Int64? {
        try await database.rows(#"SELECT "offset" FROM event_consumers WHERE name = \#(consumer)"#) { try $0.decode(Int64.self) }.first
    }

    public func commitConsumerOffset(_ consumer: String, offset: Int64) async throws {
        try await database.execute("""
            INSERT INTO event_consumers (name, "offset", updated_at) VALUES (\(consumer), \(offset), \(EventRows.nowMs()))
            ON CONFLICT (name) DO UPDATE SET "offset" = excluded."offset", updated_at = excluded.updated_at
            """)
    }

    public func consumerOffsets() async throws -> [String: Int64] {
        let rows = try await database.rows(#"SELECT name, "offset" FROM event_consumers"#) { try $0.decode((String, Int64).self) }
        return Dictionary(rows, uniquingKeysWith: { $1 })
    }

    public func acquireConsumerLease(_ consumer: String, holder: String, ttlMs: Int64, nowMs: Int64) async throws -> Bool {
        // Insert, or take over an expired lease, or extend our own; a row comes back only when one of those happened.
        let claimed = try await database.rows("""
            INSERT INTO consumer_leases (name, holder, expires_at) VALUES (\(consumer), \(holder), \(nowMs + ttlMs))
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE consumer_leases.holder = excluded.holder OR consumer_leases.expires_at <= \(nowMs)
            RETURNING 1
            """)
        return !claimed.isEmpty
    }

    public func releaseConsumerLease(_ consumer: String, holder: String) async throws {
        try await database.execute("DELETE FROM consumer_leases WHERE name = \(consumer) AND holder = \(holder)")
    }

    public func consumerLeases(prefix: String, nowMs: Int64) async throws -> [String: String] {
        let rows = try await database.rows("""
            SELECT name, holder FROM consumer_leases WHERE starts_with(name, \(prefix)) AND expires_at > \(nowMs)
            """) { try $0.decode((String, String).self) }
        return Dictionary(rows, uniquingKeysWith: { $1 })
    }

    public func pruneEvents(_ retention: EventRetention, nowMs: Int64) async throws -> Int {
        // The cut comes from index seeks only (the appended_at index, the counter row), whatever the log's size;
        // the head is then deleted by primary-key ranges of at most `pruneChunk` rows, each its own statement.
        let latest = try await EventRows.latestOffset(database)
        var cut = Int64.min
        if let maxAge = retention.maxAgeMs {
            let newestOld = try await database.rows("""
                SELECT "offset" FROM events WHERE appended_at < \(nowMs &- maxAge) ORDER BY appended_at DESC LIMIT 1
                """) { try $0.decode(Int64.self) }
            if let offset = newestOld.first { cut = max(cut, offset + 1) }
        }
        if let maxEvents = retention.maxEvents {
            cut = maxEvents <= 0 ? .max : max(cut, latest - Int64(maxEvents) + 1)
        }
        cut = min(cut, latest + 1)
        guard let head = try await database.rows(#"SELECT "offset" FROM events ORDER BY "offset" LIMIT 1"#, { try $0.decode(Int64.self) }).first,
              cut > head else { return 0 }
        var total = 0
        var from = head
        while from < cut {
            let to = min(cut, from + Self.pruneChunk)
            let deleted = try await database.rows(#"""
                WITH gone AS (DELETE FROM events WHERE "offset" >= \#(from) AND "offset" < \#(to) RETURNING 1) SELECT count(*) FROM gone
                """#) { try $0.decode(Int64.self) }
            total += Int(deleted.first ?? 0)
            from = to
        }
        return total
    }

    public func waitForEvents(after offset: Int64) async throws -> Int64 {
        try await committed.wait(beyond: offset)
    }
}
