import EcoCore
import EcoStore

/// Biodiversity occurrence records (issue #7).
enum Migration0008Occurrences {
    static let migration = Migration(version: 8, name: "occurrences", sql: """
        CREATE TABLE occurrences (
            id                INTEGER PRIMARY KEY,
            dedup_key         TEXT NOT NULL UNIQUE,  -- 'id:' + occurrenceID, or 'at:' + species|lat|lng|time
            occurrence_id     TEXT,
            species_id        TEXT NOT NULL,
            scientific_name   TEXT NOT NULL,
            lat               REAL NOT NULL,
            lng               REAL NOT NULL,
            cell              INTEGER NOT NULL,      -- resolution-15 H3 cell (bit pattern as INTEGER)
            observed_at       INTEGER NOT NULL,      -- event start, ms since the epoch
            present           INTEGER NOT NULL,      -- 1 present, 0 absent
            basis_of_record   TEXT,
            uncertainty_m     REAL,
            individual_count  INTEGER
        );
        CREATE INDEX occurrences_by_species ON occurrences (species_id, observed_at);
        """)
}
