import EcoCore
import EcoStore

extension SQLiteStore: OccurrenceStore {
    private static let occurrenceColumns =
        "occurrence_id, species_id, scientific_name, lat, lng, observed_at, present, basis_of_record, uncertainty_m, individual_count"

    public func insertOccurrences(_ occurrences: [Occurrence]) async throws -> OccurrenceInsertSummary {
        guard !occurrences.isEmpty else { return OccurrenceInsertSummary() }
        return try await writer.submit { db in
            let insert = try db.statement(
                "INSERT OR IGNORE INTO occurrences (dedup_key, cell, \(Self.occurrenceColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            var summary = OccurrenceInsertSummary()
            for item in occurrences {
                insert.reset()
                insert.bind(1, Self.dedupKey(item)).bind(2, Int64(bitPattern: item.cell15)).bind(3, item.occurrenceID)
                    .bind(4, item.speciesId).bind(5, item.scientificName).bind(6, item.lat).bind(7, item.lng)
                    .bind(8, item.observedAtMs).bind(9, Int64(item.present ? 1 : 0)).bind(10, item.basisOfRecord)
                    .bind(11, item.coordinateUncertaintyMeters).bind(12, item.individualCount.map { Double($0) })
                try insert.run()
                if db.changes > 0 { summary.inserted += 1 } else { summary.duplicates += 1 }
            }
            insert.reset()
            return (summary, afterCommit: nil)
        }
    }

    public func species() async throws -> [SpeciesSummary] {
        try await readers.read { db in
            let query = try db.statement("""
                SELECT species_id, MIN(scientific_name), SUM(present), SUM(1 - present), MIN(observed_at), MAX(observed_at)
                FROM occurrences GROUP BY species_id ORDER BY species_id
                """)
            var result: [SpeciesSummary] = []
            while try query.step() {
                result.append(SpeciesSummary(id: query.string(0), scientificName: query.string(1), presences: Int(query.int64(2)),
                                             absences: Int(query.int64(3)), firstObservedAtMs: query.int64(4), lastObservedAtMs: query.int64(5)))
            }
            query.reset()
            return result
        }
    }

    public func occurrences(ofSpecies speciesId: String, window: TimeWindow, limit: Int) async throws -> [Occurrence] {
        try await readers.read { db in
            let query = try db.statement("""
                SELECT \(Self.occurrenceColumns) FROM occurrences
                WHERE species_id = ? AND observed_at >= ? AND observed_at < ? ORDER BY observed_at, id LIMIT ?
                """)
            query.bind(1, speciesId).bind(2, window.startMs).bind(3, window.endMs).bind(4, Int64(limit))
            var result: [Occurrence] = []
            while try query.step() {
                result.append(Occurrence(
                    occurrenceID: query.isNull(0) ? nil : query.string(0), speciesId: query.string(1), scientificName: query.string(2),
                    lat: query.double(3), lng: query.double(4), observedAtMs: query.int64(5), present: query.int64(6) != 0,
                    basisOfRecord: query.isNull(7) ? nil : query.string(7), coordinateUncertaintyMeters: query.optionalDouble(8),
                    individualCount: query.isNull(9) ? nil : Int(query.int64(9))))
            }
            query.reset()
            return result
        }
    }

    /// The identity of a record for deduplication: its occurrenceID when it has one, else
    /// species, position (as exact decimal text) and event time.
    static func dedupKey(_ occurrence: Occurrence) -> String {
        if let id = occurrence.occurrenceID { return "id:" + id }
        return "at:\(occurrence.speciesId)|\(occurrence.lat)|\(occurrence.lng)|\(occurrence.observedAtMs)"
    }
}
