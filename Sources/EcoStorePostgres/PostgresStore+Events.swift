import EcoCore
import EcoStore
import PostgresNIO

extension PostgresStore: EventLog {
    /// Most rows one retention statement deletes, so pruning a large backlog never holds long locks.
    static let pruneChunk: Int64 = 20_000

    public func appendEvents(_ events: [NewEvent]) async throws -> [DomainEvent] {
        guard !events.isEmpty else { return [] }
        return try await writeEvents { connection in (events, ()) }.events.get()
    }

    /// Runs `body` in a transaction that also inserts the events it returns, then has them numbered
    /// (``EventSequencer``), which wakes this process's waiters (other processes hear the NOTIFY).
    ///
    /// `events` is a failure when the transaction committed but the numbering failed (PostgreSQL went away in
    /// between): the write is stored, and its events get their offsets from the next numbering of any process.
    /// Callers that only need the write ignore that; callers that hand the events on `get()` them.
    func writeEvents<T>(_ body: (PostgresConnection) async throws -> (events: [NewEvent], value: T)) async throws -> (events: Result<[DomainEvent], any Error>, value: T) {
        let (events, ids, value) = try await database.transaction { connection in
            let (events, value) = try await body(connection)
            let ids = try await EventRows.insert(events, on: connection, logger: database.logger)
            return (events, ids, value)
        }
        guard !ids.isEmpty else { return (.success([]), value) }
        do {
            let offsets = try await sequencer.number(ids)
            return (.success(zip(events, offsets).map { event, offset in
                DomainEvent(offset: offset, topic: event.topic, key: event.key, timeMs: event.timeMs, payloadJSON: event.payloadJSON)
            }), value)
        } catch {
            database.logger.warning("events committed but not numbered yet; the next numbering will", metadata: ["error": "\(error)"])
            return (.failure(error), value)
        }
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
        // the head is then deleted by offset ranges of at most `pruneChunk` rows, each its own statement. Events not
        // numbered yet are left alone.
        let latest = try await EventRows.latestOffset(database)
        var cut = Int64.min
        if let maxAge = retention.maxAgeMs {
            let newestOld = try await database.rows("""
                SELECT "offset" FROM events WHERE appended_at < \(nowMs &- maxAge) AND "offset" IS NOT NULL ORDER BY appended_at DESC LIMIT 1
                """) { try $0.decode(Int64.self) }
            if let offset = newestOld.first { cut = max(cut, offset + 1) }
        }
        if let maxEvents = retention.maxEvents {
            cut = maxEvents <= 0 ? .max : max(cut, latest - Int64(maxEvents) + 1)
        }
        cut = min(cut, latest + 1)
        guard let head = try await database.rows(#"SELECT "offset" FROM events WHERE "offset" IS NOT NULL ORDER BY "offset" LIMIT 1"#, { try $0.decode(Int64.self) }).first,
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
