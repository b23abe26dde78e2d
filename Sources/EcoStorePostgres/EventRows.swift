import EcoCore
import Foundation
import Logging
import PostgresNIO

/// Appending to and reading the `events` table; every write that appends events calls ``append(_:on:logger:channel:)``
/// as its last statement before COMMIT.
enum EventRows {
    static let columns = #""offset", topic, "key", time, payload"#

    /// Appends `events` in order and returns them with their offsets. Takes the `event_log` row lock, held
    /// until COMMIT, so this must be the transaction's last statement: offsets are handed out gap-free and
    /// in commit order. The NOTIFY in the same statement is delivered to listeners when the commit happens.
    static func append(_ events: [NewEvent], on connection: PostgresConnection, logger: Logger, channel: String,
                       appendedAtMs: Int64 = nowMs()) async throws -> [DomainEvent] {
        guard !events.isEmpty else { return [] }
        let count = Int64(events.count)
        let topics = events.map(\.topic), keys = events.map { $0.key ?? "" }, hasKeys = events.map { $0.key != nil }
        let times = events.map(\.timeMs), payloads = events.map(\.payloadJSON)
        let rows = try await connection.collect("""
            WITH counter AS (UPDATE event_log SET last_offset = last_offset + \(count) WHERE id = 1 RETURNING last_offset),
            added AS (
                INSERT INTO events ("offset", topic, "key", time, payload, appended_at)
                SELECT counter.last_offset - \(count) + e.ord, e.topic, CASE WHEN e.has_key THEN e.key END, e.time, e.payload, \(appendedAtMs)
                FROM counter, unnest(\(topics)::text[], \(keys)::text[], \(hasKeys)::boolean[], \(times)::bigint[], \(payloads)::text[])
                    WITH ORDINALITY AS e(topic, key, has_key, time, payload, ord)
            )
            SELECT counter.last_offset FROM counter CROSS JOIN LATERAL (SELECT pg_notify(\(channel), counter.last_offset::text)) AS notified
            """, logger: logger)
        guard let last = try rows.first?.decode(Int64.self) else { throw EcoError.storage("appending events returned no offset") }
        return events.enumerated().map { index, event in
            DomainEvent(offset: last - count + 1 + Int64(index), topic: event.topic, key: event.key, timeMs: event.timeMs, payloadJSON: event.payloadJSON)
        }
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
