import EcoCore
import EcoStore
import Foundation

/// Reading and writing rows of the `events` table; shared by every writer job that appends events
/// (so they land in the same savepoint as the data they describe).
enum EventRows {
    static let columns = #""offset", topic, "key", time, payload"#

    /// Inserts `events` in order on the writer connection and returns them with their offsets.
    static func append(_ events: [NewEvent], on db: SQLiteConnection, appendedAtMs: Int64 = nowMs()) throws -> [DomainEvent] {
        guard !events.isEmpty else { return [] }
        // The offset is the rowid: read back as the last inserted one, not with RETURNING (which has SQLite
        // build and drop a temporary table per statement, on the writer's path of every insert).
        let insert = try db.statement(#"INSERT INTO events (topic, "key", time, payload, appended_at) VALUES (?, ?, ?, ?, ?)"#)
        var stored: [DomainEvent] = []
        stored.reserveCapacity(events.count)
        for event in events {
            insert.bind(1, event.topic).bind(2, event.key).bind(3, event.timeMs).bind(4, event.payloadJSON).bind(5, appendedAtMs)
            try insert.run()
            stored.append(DomainEvent(offset: db.lastInsertRowID, topic: event.topic, key: event.key, timeMs: event.timeMs, payloadJSON: event.payloadJSON))
        }
        return stored
    }

    /// The newest offset ever handed out (AUTOINCREMENT's counter survives retention deletes); 0 when none.
    static func latestOffset(_ db: SQLiteConnection) throws -> Int64 {
        let query = try db.statement("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)")
        defer { query.reset() }
        return try query.step() ? query.int64(0) : 0
    }

    /// The oldest offset still in the log; nil when it is empty. An index seek (the offset is the rowid).
    static func oldestOffset(_ db: SQLiteConnection) throws -> Int64? {
        let query = try db.statement(#"SELECT "offset" FROM events ORDER BY "offset" LIMIT 1"#)
        defer { query.reset() }
        return try query.step() ? query.int64(0) : nil
    }

    static func read(_ row: SQLiteStatement) -> DomainEvent {
        DomainEvent(offset: row.int64(0), topic: row.string(1), key: row.isNull(2) ? nil : row.string(2),
                    timeMs: row.int64(3), payloadJSON: row.string(4))
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A JSON array of strings, for `IN (SELECT value FROM json_each(?))` with one fixed SQL text.
    static func jsonArray(_ values: some Sequence<String>) -> String {
        var out = "["
        var first = true
        for value in values {
            if !first { out += "," }
            first = false
            JSONText.appendString(value, to: &out)
        }
        return out + "]"
    }
}

/// Minimal JSON text writing for the hot path, where JSONEncoder would cost more than the insert.
enum JSONText {
    /// Appends `value` as a JSON string literal (quoted, escaped).
    static func appendString(_ value: String, to out: inout String) {
        out += "\""
        // Most strings (identifiers, hex cells) need no escaping: append them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
