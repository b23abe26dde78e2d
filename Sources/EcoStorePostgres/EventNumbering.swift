import EcoCore
import PostgresNIO

/// The numbering of ``EventSequencer``: under the `event_log` row lock, gives every committed event without an
/// offset the next offsets in the order of `id`, moves the counter and NOTIFYs the newest (the SQL function
/// `number_events` of migration 15, one statement).
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

    /// One numbering: a statement of its own, committed when it returns (`number_events`, migration 15).
    private func numberBatch() async throws -> [Int64: Int64] {
        let rows = try await database.rows("SELECT event_id, event_offset FROM number_events(\(channel), \(Self.batchLimit))") {
            try $0.decode((Int64, Int64).self)
        }
        return Dictionary(rows, uniquingKeysWith: { $1 })
    }
}
