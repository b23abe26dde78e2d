import EcoCore
import Logging
import PostgresNIO

/// Gives committed events their offsets (migration 15). A writer's transaction inserts its events without an
/// offset and commits; then ``number(_:)`` joins the next round of this process's numbering (``NumberingRounds``),
/// one statement that takes the `event_log` row lock, numbers every committed event still without an offset
/// in the order of `id`, moves the counter, NOTIFYs and commits (``EventNumbering``).
///
/// Offsets stay gap-free and become visible in offset order (one numbering at a time, each above the last), so a
/// reader paging by offset never skips an event; but no writer holds the lock across its own COMMIT any more, and
/// one numbering covers every writer that committed before it. A writer that dies between its commit and its
/// numbering leaves its events to the next numbering of any process, or to ``sweep(every:logger:)`` within a second.
struct EventSequencer: Sendable {
    let numbering: EventNumbering
    /// The numberings the writers of this process share.
    private let rounds: NumberingRounds

    /// How often each process looks for events a dead writer left without an offset.
    static let sweepInterval = Duration.seconds(1)

    init(database: Database, channel: String, committed: CommittedOffset) {
        let numbering = EventNumbering(database: database, channel: channel, committed: committed)
        self.numbering = numbering
        rounds = NumberingRounds { try await numbering.numberPending() }
    }

    var committed: CommittedOffset { numbering.committed }

    /// Has the events `ids` (committed by the caller) numbered and returns their offsets, in their order.
    func number(_ ids: [Int64]) async throws -> [Int64] {
        var offsets = try await rounds.join()
        let missing = ids.filter { offsets[$0] == nil }
        if !missing.isEmpty {
            // Numbered by another process's numbering that started after this writer committed.
            let rows = try await numbering.database.rows(#"SELECT id, "offset" FROM events WHERE id = ANY(\#(missing)::bigint[])"#) {
                try $0.decode((Int64, Int64?).self)
            }
            for case let (id, offset?) in rows { offsets[id] = offset }
        }
        return try ids.map { id in
            guard let offset = offsets[id] else { throw EcoError.storage("event \(id) was committed but not numbered") }
            return offset
        }
    }

    /// Numbers every pending event now (at open, before the store answers).
    func numberPending() async throws {
        try await numbering.numberPending()
    }

    /// Numbers what writers that died after their commit left behind, every `interval`, until cancelled.
    func sweep(every interval: Duration, logger: Logger) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            // With nothing pending, `number_events` returns at once: no lock, nothing written.
            do { _ = try await rounds.join() } catch {
                guard !Task.isCancelled else { return }
                logger.debug("numbering left-over events failed; retrying", metadata: ["error": "\(error)"])
            }
        }
    }
}
