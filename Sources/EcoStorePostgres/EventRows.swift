import EcoCore
import Foundation
import Logging
import PostgresNIO

/// Writing to and reading the `events` table; every write that appends events calls ``insert(_:on:logger:appendedAtMs:)``
/// inside its transaction, and ``EventSequencer`` numbers them once it committed.
enum EventRows {
    static let columns = #""offset", topic, "key", time, payload"#

    /// Inserts `events`, without offsets yet, and returns their ids in the events' order. Takes no shared lock:
    /// writers in any number of processes commit side by side.
    static func insert(_ events: [NewEvent], on connection: PostgresConnection, logger: Logger,
                       appendedAtMs: Int64 = nowMs()) async throws -> [Int64] {
        guard !events.isEmpty else { return [] }
        let topics = events.map(\.topic), keys = events.map { $0.key ?? "" }, hasKeys = events.map { $0.key != nil }
        let times = events.map(\.timeMs), payloads = events.map(\.payloadJSON)
        // Rows are inserted in `ord` order, so the identity hands out ascending ids in the events' order.
        let rows = try await connection.collect("""
            INSERT INTO events (topic, "key", time, payload, appended_at)
            SELECT e.topic, CASE WHEN e.has_key THEN e.key END, e.time, e.payload, \(appendedAtMs)
            FROM unnest(\(topics)::text[], \(keys)::text[], \(hasKeys)::boolean[], \(times)::bigint[], \(payloads)::text[])
                WITH ORDINALITY AS e(topic, key, has_key, time, payload, ord)
            ORDER BY e.ord
            RETURNING id
            """, logger: logger)
        let ids = try rows.map { try $0.decode(Int64.self) }.sorted()
        guard ids.count == events.count else { throw EcoError.storage("inserting \(events.count) events returned \(ids.count) ids") }
        return ids
    }

    /// The newest offset ever handed out (the counter survives retention); 0 when none.
    static func latestOffset(_ database: Database) async throws -> Int64 {
        try await database.rows("SELECT last_offset FROM event_log WHERE id = 1") { try $0.decode(Int64.self) }.first ?? 0
    }

    static func read(_ row: PostgresRow) throws -> DomainEvent {
        let (offset, topic, key, time, payload) = try row.decode((Int64, String, String?, Int64, String).self)
        return DomainEvent(offset: offset, topic: topic, key: key, timeMs: time, payloadJSON: payload)
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
