import EcoCore
import PostgresNIO

/// The numbering transaction of ``EventSequencer``: under the `event_log` row lock, gives every committed event
/// without an offset the next offsets in the order of `id`, moves the counter and NOTIFYs the newest.
struct EventNumbering: Sendable {
    let database: Database
    let channel: String
    let committed: CommittedOffset

    /// The most events one numbering statement takes; a larger backlog takes several.
    static let batchLimit = 20_000

    /// Numbers every committed event without an offset; returns the offsets it gave, by event id.
    @discardableResult
    func numberPending() async throws -> [Int64: Int64] {
        var given: [Int64: Int64] = [:]
        while true {
            let batch = try await numberBatch()
            given.merge(batch) { $1 }
            if batch.count < Self.batchLimit { break }
        }
        if let newest = given.values.max() { committed.advance(to: newest) }
        return given
    }

    /// One numbering transaction. When nothing is pending it rolls back, so an idle numbering writes no WAL.
    private func numberBatch() async throws -> [Int64: Int64] {
        try await database.transaction(deciding: { connection in
            let logger = database.logger
            let counter = try await connection.collect("SELECT last_offset FROM event_log WHERE id = 1 FOR UPDATE", logger: logger)
            guard let last = try counter.first?.decode(Int64.self) else { throw EcoError.storage("the event_log counter row is missing") }
            // A statement of its own, after the lock: its snapshot sees every event the previous numbering gave an offset.
            let rows = try await connection.collect("""
                WITH pending AS (
                    SELECT id, row_number() OVER (ORDER BY id) AS n FROM events WHERE "offset" IS NULL ORDER BY id LIMIT \(Self.batchLimit)
                ), numbered AS (
                    UPDATE events SET "offset" = \(last) + pending.n FROM pending WHERE events.id = pending.id RETURNING events.id, events."offset"
                ), counter AS (
                    UPDATE event_log SET last_offset = \(last) + (SELECT count(*) FROM pending) WHERE id = 1
                )
                SELECT id, "offset" FROM numbered
                """, logger: logger)
            let given = Dictionary(try rows.map { try $0.decode((Int64, Int64).self) }, uniquingKeysWith: { $1 })
            guard let newest = given.values.max() else { return ([:], false) }
            // Delivered to every listener when the numbering commits.
            try await connection.run("SELECT pg_notify(\(channel), \(String(newest)))", logger: logger)
            return (given, true)
        })
    }
}
