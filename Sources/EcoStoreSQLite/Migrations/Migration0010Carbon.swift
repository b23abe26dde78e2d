import EcoCore
import EcoStore

/// Carbon intelligence (issue #14): activities, factor sets, settings, targets, recommendations,
/// gap estimates and CSV import jobs.
enum Migration0010Carbon {
    static let migration = Migration(version: 10, name: "carbon", sql: """
        CREATE TABLE carbon_activities (
            id               INTEGER PRIMARY KEY,
            organization     TEXT NOT NULL,
            client_id        TEXT,                   -- unique per organization when given: a resend replaces
            supplier         TEXT,
            facility         TEXT,
            t                INTEGER NOT NULL,       -- ms since the epoch
            lat              REAL,
            lng              REAL,
            cell             INTEGER,                -- the client's H3 cell (any resolution)
            cell15           INTEGER,                -- resolution-15 cell of lat/lng, or the centre child of cell
            region           TEXT,
            estimated        INTEGER NOT NULL,
            scope            INTEGER,
            category         INTEGER,
            kind             TEXT NOT NULL,
            mode             TEXT,
            vehicle          TEXT,
            fuel             TEXT,
            distance_km      REAL,
            load_kg          REAL,
            tonne_km         REAL,
            load_factor      REAL,
            empty_running    REAL,
            downstream       INTEGER NOT NULL DEFAULT 0,
            origin           TEXT,
            destination      TEXT,
            quantity         REAL,
            unit             TEXT,
            instrument       TEXT,
            instrument_share REAL,
            instrument_rate  REAL,
            supplier_rate    REAL,
            gas              TEXT,
            carrier          TEXT,
            cpu_hours        REAL,
            watts_per_cpu    REAL,
            pue              REAL
        );
        CREATE UNIQUE INDEX carbon_activities_by_client ON carbon_activities (organization, client_id) WHERE client_id IS NOT NULL;
        CREATE INDEX carbon_activities_by_time ON carbon_activities (organization, t);
        CREATE INDEX carbon_activities_by_supplier ON carbon_activities (organization, supplier, t) WHERE supplier IS NOT NULL;
        CREATE INDEX carbon_activities_by_facility ON carbon_activities (organization, facility, t) WHERE facility IS NOT NULL;
        CREATE INDEX carbon_activities_by_cell ON carbon_activities (organization, cell15) WHERE cell15 IS NOT NULL;

        CREATE TABLE carbon_factor_sets (
            id            TEXT PRIMARY KEY,
            name          TEXT NOT NULL,
            version       TEXT NOT NULL,
            status        TEXT NOT NULL,             -- draft | published
            factor_count  INTEGER NOT NULL,
            created_at    INTEGER NOT NULL,
            created_by    TEXT NOT NULL,
            published_at  INTEGER,
            published_by  TEXT,
            UNIQUE (name, version)
        );
        CREATE TABLE carbon_factors (
            set_id     TEXT NOT NULL,
            position   INTEGER NOT NULL,
            factor_id  TEXT NOT NULL,
            cells      TEXT NOT NULL,                -- the factor's CSV cells as a JSON object
            PRIMARY KEY (set_id, position)
        ) WITHOUT ROWID;
        -- Published sets never change, whatever writes to the file.
        CREATE TRIGGER carbon_published_sets_stay BEFORE UPDATE ON carbon_factor_sets
            WHEN OLD.status = 'published' BEGIN SELECT RAISE(ABORT, 'published factor sets are immutable'); END;
        CREATE TRIGGER carbon_published_sets_are_kept BEFORE DELETE ON carbon_factor_sets
            WHEN OLD.status = 'published' BEGIN SELECT RAISE(ABORT, 'published factor sets are immutable'); END;
        CREATE TRIGGER carbon_published_factors_stay BEFORE UPDATE ON carbon_factors
            WHEN (SELECT status FROM carbon_factor_sets WHERE id = OLD.set_id) = 'published'
            BEGIN SELECT RAISE(ABORT, 'published factor sets are immutable'); END;
        CREATE TRIGGER carbon_published_factors_are_kept BEFORE DELETE ON carbon_factors
            WHEN (SELECT status FROM carbon_factor_sets WHERE id = OLD.set_id) = 'published'
            BEGIN SELECT RAISE(ABORT, 'published factor sets are immutable'); END;
        CREATE TRIGGER carbon_published_factors_get_none BEFORE INSERT ON carbon_factors
            WHEN (SELECT status FROM carbon_factor_sets WHERE id = NEW.set_id) = 'published'
            BEGIN SELECT RAISE(ABORT, 'published factor sets are immutable'); END;

        CREATE TABLE carbon_settings (
            organization     TEXT PRIMARY KEY,
            factor_set_id    TEXT NOT NULL,
            gwp_basis        TEXT NOT NULL,
            cost_parameters  TEXT,
            updated_at       INTEGER NOT NULL,
            updated_by       TEXT NOT NULL
        );

        CREATE TABLE carbon_targets (
            organization       TEXT NOT NULL,
            id                 TEXT NOT NULL,
            name               TEXT NOT NULL,
            base_year          INTEGER NOT NULL,
            base_year_kg       REAL NOT NULL,
            target_year        INTEGER NOT NULL,
            reduction_percent  REAL NOT NULL,
            created_at         INTEGER NOT NULL,
            created_by         TEXT NOT NULL,
            PRIMARY KEY (organization, id)
        ) WITHOUT ROWID;

        CREATE TABLE carbon_recommendations (
            id                  TEXT PRIMARY KEY,
            organization        TEXT NOT NULL,
            key                 TEXT NOT NULL,
            rank                INTEGER NOT NULL,
            title               TEXT NOT NULL,
            lever               TEXT NOT NULL,
            impact_kg           REAL NOT NULL,
            impact_market_kg    REAL NOT NULL,
            cost_estimate       REAL NOT NULL,
            currency            TEXT NOT NULL,
            cost_basis          TEXT NOT NULL,
            cost_per_tonne      REAL,
            feasibility         REAL NOT NULL,
            feasibility_reason  TEXT NOT NULL,
            evidence            TEXT NOT NULL,       -- JSON array of sentences
            from_t              INTEGER NOT NULL,
            to_t                INTEGER NOT NULL,
            status              TEXT NOT NULL,       -- open | approved | dismissed | done
            created_at          INTEGER NOT NULL,
            updated_at          INTEGER NOT NULL,
            decided_by          TEXT,
            decided_at          INTEGER,
            note                TEXT
        );
        CREATE UNIQUE INDEX carbon_recommendations_by_key ON carbon_recommendations (organization, key);
        CREATE INDEX carbon_recommendations_by_status ON carbon_recommendations (organization, status, rank);

        CREATE TABLE carbon_gap_estimates (
            organization  TEXT NOT NULL,
            supplier      TEXT NOT NULL,
            period_start  INTEGER NOT NULL,
            period_end    INTEGER NOT NULL,
            kg            REAL NOT NULL,
            low_kg        REAL NOT NULL,
            high_kg       REAL NOT NULL,
            method        TEXT NOT NULL,
            created_at    INTEGER NOT NULL,
            PRIMARY KEY (organization, supplier, period_start)
        ) WITHOUT ROWID;

        CREATE TABLE carbon_imports (
            number          INTEGER PRIMARY KEY,     -- queue order
            id              TEXT NOT NULL UNIQUE,
            organization    TEXT,                    -- the only organization rows may name; NULL: any
            file_name       TEXT,
            status          TEXT NOT NULL,           -- queued | running | succeeded | failed
            total_rows      INTEGER NOT NULL DEFAULT 0,
            processed_rows  INTEGER NOT NULL DEFAULT 0,
            accepted        INTEGER NOT NULL DEFAULT 0,
            rejected        INTEGER NOT NULL DEFAULT 0,
            inserted        INTEGER NOT NULL DEFAULT 0,
            replaced        INTEGER NOT NULL DEFAULT 0,
            error           TEXT,
            created_at      INTEGER NOT NULL,
            started_at      INTEGER,
            finished_at     INTEGER,
            submitted_by    TEXT NOT NULL,
            body            BLOB                     -- the CSV, dropped when the import ends
        );
        CREATE INDEX carbon_imports_by_status ON carbon_imports (status, number);
        CREATE TABLE carbon_import_errors (
            import_id  TEXT NOT NULL,
            row_index  INTEGER NOT NULL,
            line       INTEGER,
            field      TEXT,
            reason     TEXT NOT NULL,
            PRIMARY KEY (import_id, row_index)
        ) WITHOUT ROWID;
        """)
}
