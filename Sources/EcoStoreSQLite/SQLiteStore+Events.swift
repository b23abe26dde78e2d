import EcoCore
import EcoStore
import Foundation

extension SQLiteStore: EventLog {
    /// Most rows one retention job deletes, so pruning a large backlog never holds the writer
    /// (and with it ingest) for long.
    static let pruneChunk = 20_000

    public func appendEvents(_ events: [NewEvent]) async throws -> [DomainEvent] {
        guard !events.isEmpty else { return [] }
        return try await writer.submit { db in
            let stored = try EventRows.append(events, on: db)
            return (stored, afterCommit: { self.publishEvents(stored) })
        }
    }

    public func events(after offset: Int64, topics: Set<String>?, limit: Int) async throws -> [DomainEvent] {
        guard limit > 0 else { return [] }
        let topicList = topics.map { EventRows.jsonArray($0.sorted()) }
        let through = durableEventOffset ?? .max
        return try await readers.read { db in
            let query = try db.statement(topicList == nil
                ? #"SELECT \#(EventRows.columns) FROM events WHERE "offset" > ?1 AND "offset" <= ?4 ORDER BY "offset" LIMIT ?2"#
                : #"SELECT \#(EventRows.columns) FROM events WHERE "offset" > ?1 AND "offset" <= ?4 AND topic IN (SELECT value FROM json_each(?3)) ORDER BY "offset" LIMIT ?2"#)
            query.bind(1, offset).bind(2, Int64(limit)).bind(4, through)
            if let topicList { query.bind(3, topicList) }
            defer { query.reset() }
            var result: [DomainEvent] = []
            while try query.step() { result.append(EventRows.read(query)) }
            return result
        }
    }

    public func latestEventOffset() async throws -> Int64 {
        if let durableEventOffset { return durableEventOffset }
        // Read-only: the file is the truth (the process that writes it appends).
        return try await readers.read { db in try EventRows.latestOffset(db) }
    }

    /// The newest event this process's writer has published, i.e. whose commit is synced; nil when the
    /// store is read-only (another process writes). Readers of the log stop there: a consumer never acts
    /// on an event a power loss could still take back (ADR 0016).
    var durableEventOffset: Int64? { lock == nil ? nil : eventSignal.latest }

    public func consumerOffset(_ consumer: String) async throws -> Int64? {
        try await readers.read { db in
            let query = try db.statement(#"SELECT "offset" FROM event_consumers WHERE name = ?"#)
            query.bind(1, consumer)
            defer { query.reset() }
            return try query.step() ? query.int64(0) : nil
        }
    }

    public func commitConsumerOffset(_ consumer: String, offset: Int64) async throws {
        try await writer.submit { db in
            let upsert = try db.statement(#"""
                INSERT INTO event_consumers (name, "offset", updated_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (name) DO UPDATE SET "offset" = excluded."offset", updated_at = excluded.updated_at
                """#)
            upsert.bind(1, consumer).bind(2, offset).bind(3, EventRows.nowMs())
            try upsert.run()
            return ((), afterCommit: nil)
        }
    }

    public func acquireConsumerLease(_ consumer: String, holder: String, ttlMs: Int64, nowMs: Int64) async throws -> Bool {
        try await writer.submit { db in
            // Insert, or take over an expired lease, or extend our own; otherwise nothing changes.
            let claim = try db.statement("""
                INSERT INTO consumer_leases (name, holder, expires_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE consumer_leases.holder = excluded.holder OR consumer_leases.expires_at <= ?4
                """)
            claim.bind(1, consumer).bind(2, holder).bind(3, nowMs + ttlMs).bind(4, nowMs)
            try claim.run()
            return (db.changes == 1, afterCommit: nil)
        }
    }

    public func releaseConsumerLease(_ consumer: String, holder: String) async throws {
        try await writer.submit { db in
            let release = try db.statement("DELETE FROM consumer_leases WHERE name = ? AND holder = ?")
            release.bind(1, consumer).bind(2, holder)
            try release.run()
            return ((), afterCommit: nil)
        }
    }

    public func consumerLeases(prefix: String, nowMs: Int64) async throws -> [String: String] {
        try await readers.read { db in
            // substr, not LIKE: a prefix may hold `_` or `%`.
            let query = try db.statement("SELECT name, holder FROM consumer_leases WHERE substr(name, 1, length(?1)) = ?1 AND expires_at > ?2")
            query.bind(1, prefix).bind(2, nowMs)
            defer { query.reset() }
            var result: [String: String] = [:]
            while try query.step() { result[query.string(0)] = query.string(1) }
            return result
        }
    }

    public func consumerOffsets() async throws -> [String: Int64] {
        try await readers.read { db in
            let query = try db.statement(#"SELECT name, "offset" FROM event_consumers"#)
            defer { query.reset() }
            var result: [String: Int64] = [:]
            while try query.step() { result[query.string(0)] = query.int64(1) }
            return result
        }
    }

    public func pruneEvents(_ retention: EventRetention, nowMs: Int64) async throws -> Int {
        // The cut is found on a reader with index seeks only (O(log n), whatever the log's size), so the
        // writer never walks the table; the writer then deletes the head in chunks, one job each, so
        // ingest jobs queued meanwhile run between the chunks.
        let (head, cut) = try await readers.read { db in
            (try EventRows.oldestOffset(db), min(try Self.retentionCut(retention, nowMs: nowMs, on: db), try EventRows.latestOffset(db) + 1))
        }
        guard let head, cut > head else { return 0 }
        var total = 0
        var from = head
        while from < cut {
            let to = min(cut, from + Int64(Self.pruneChunk))
            total += try await writer.submit { db in
                let delete = try db.statement(#"DELETE FROM events WHERE "offset" >= ?1 AND "offset" < ?2"#)
                delete.bind(1, from).bind(2, to)
                try delete.run()
                return (db.changes, afterCommit: nil)
            }
            from = to
        }
        return total
    }

    public func waitForEvents(after offset: Int64) async throws -> Int64 {
        try await eventSignal.wait(after: offset)
    }

    /// Wakes waiters for events committed by a writer job (call from its `afterCommit`).
    func publishEvents(_ events: [DomainEvent]) {
        if let last = events.last { eventSignal.publish(last.offset) }
    }

    /// The first offset retention keeps: every offset below it goes (the log only ever loses its head).
    /// Both limits are index seeks: the newest event appended before the age cutoff (the `appended_at`
    /// index; appended_at follows the offset unless the clock stepped back), and the newest offset minus
    /// the count (offsets have no gaps but the pruned head: a rolled-back insert rolls its offsets back).
    static func retentionCut(_ retention: EventRetention, nowMs: Int64, on db: SQLiteConnection) throws -> Int64 {
        var cut = Int64.min
        if let maxAge = retention.maxAgeMs {
            let oldest = try db.statement(#"SELECT "offset" FROM events WHERE appended_at < ? ORDER BY appended_at DESC LIMIT 1"#)
            oldest.bind(1, nowMs &- maxAge)
            if try oldest.step() { cut = max(cut, oldest.int64(0) + 1) }
            oldest.reset()
        }
        if let maxEvents = retention.maxEvents {
            cut = maxEvents <= 0 ? .max : max(cut, try EventRows.latestOffset(db) - Int64(maxEvents) + 1)
        }
        return cut
    }
}
