import EcoCore
import EcoStore
import PostgresNIO

extension PostgresStore: OccurrenceStore {
    private static let occurrenceColumns =
        "occurrence_id, species_id, scientific_name, lat, lng, observed_at, present, basis_of_record, uncertainty_m, individual_count"

    public func insertOccurrences(_ occurrences: [Occurrence]) async throws -> OccurrenceInsertSummary {
        guard !occurrences.isEmpty else { return OccurrenceInsertSummary() }
        // One statement for the batch; nullable fields travel as a value array plus a "present" array, since
        // array parameters carry no NULLs. ON CONFLICT DO NOTHING skips stored records and repeats in the batch.
        let inserted = try await database.rows("""
            WITH added AS (
                INSERT INTO occurrences (dedup_key, cell, \(unescaped: Self.occurrenceColumns))
                SELECT dedup_key, cell, CASE WHEN has_id THEN occurrence_id END, species_id, scientific_name, lat, lng, observed_at, present,
                       CASE WHEN has_basis THEN basis END, CASE WHEN has_uncertainty THEN uncertainty END, CASE WHEN has_count THEN individuals END
                FROM unnest(\(occurrences.map(Self.dedupKey))::text[], \(occurrences.map { Int64(bitPattern: $0.cell15) })::bigint[],
                            \(occurrences.map { $0.occurrenceID ?? "" })::text[], \(occurrences.map { $0.occurrenceID != nil })::boolean[],
                            \(occurrences.map(\.speciesId))::text[], \(occurrences.map(\.scientificName))::text[],
                            \(occurrences.map(\.lat))::float8[], \(occurrences.map(\.lng))::float8[], \(occurrences.map(\.observedAtMs))::bigint[],
                            \(occurrences.map(\.present))::boolean[],
                            \(occurrences.map { $0.basisOfRecord ?? "" })::text[], \(occurrences.map { $0.basisOfRecord != nil })::boolean[],
                            \(occurrences.map { $0.coordinateUncertaintyMeters ?? 0 })::float8[],
                            \(occurrences.map { $0.coordinateUncertaintyMeters != nil })::boolean[],
                            \(occurrences.map { Int64($0.individualCount ?? 0) })::bigint[], \(occurrences.map { $0.individualCount != nil })::boolean[])
                    WITH ORDINALITY AS o(dedup_key, cell, occurrence_id, has_id, species_id, scientific_name, lat, lng, observed_at, present,
                                         basis, has_basis, uncertainty, has_uncertainty, individuals, has_count, ordinality)
                ORDER BY ordinality
                ON CONFLICT (dedup_key) DO NOTHING
                RETURNING 1
            )
            SELECT count(*) FROM added
            """) { try $0.decode(Int64.self) }.first ?? 0
        return OccurrenceInsertSummary(inserted: Int(inserted), duplicates: occurrences.count - Int(inserted))
    }

    public func species() async throws -> [SpeciesSummary] {
        try await database.rows("""
            SELECT species_id, MIN(scientific_name), count(*) FILTER (WHERE present), count(*) FILTER (WHERE NOT present),
                   MIN(observed_at), MAX(observed_at)
            FROM occurrences GROUP BY species_id ORDER BY species_id
            """) { row in
            let (id, name, presences, absences, first, last) = try row.decode((String, String, Int64, Int64, Int64, Int64).self)
            return SpeciesSummary(id: id, scientificName: name, presences: Int(presences), absences: Int(absences), firstObservedAtMs: first,
                                  lastObservedAtMs: last)
        }
    }

    public func occurrences(ofSpecies speciesId: String, window: TimeWindow, limit: Int) async throws -> [Occurrence] {
        try await database.rows("""
            SELECT \(unescaped: Self.occurrenceColumns) FROM occurrences
            WHERE species_id = \(speciesId) AND observed_at >= \(window.startMs) AND observed_at < \(window.endMs)
            ORDER BY observed_at, id LIMIT \(max(0, limit))
            """) { row in
            let (id, species, name, lat, lng, at, present, basis, uncertainty, count) =
                try row.decode((String?, String, String, Double, Double, Int64, Bool, String?, Double?, Int?).self)
            return Occurrence(occurrenceID: id, speciesId: species, scientificName: name, lat: lat, lng: lng, observedAtMs: at, present: present,
                              basisOfRecord: basis, coordinateUncertaintyMeters: uncertainty, individualCount: count)
        }
    }

    /// The identity of a record for deduplication: its occurrenceID when it has one, else species, position
    /// (as exact decimal text) and event time — the same key the SQLite adapter stores.
    static func dedupKey(_ occurrence: Occurrence) -> String {
        if let id = occurrence.occurrenceID { return "id:" + id }
        return "at:\(occurrence.speciesId)|\(occurrence.lat)|\(occurrence.lng)|\(occurrence.observedAtMs)"
    }
}
