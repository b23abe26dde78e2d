import EcoCore
import EcoStore

/// Socio-economic indicators per H3 cell and climate scenario projections (issue #17: equity and climate
/// scenarios). Numbered 13 with 12 left to another branch: the migrator applies every migration it has
/// not recorded, so numbers need not be contiguous. `month` 0 is an annual value.
enum Migration0012EquityAndScenarios {
    static let migration = Migration(version: 12, name: "equity_and_scenarios", sql: """
        CREATE TABLE equity_indicators (
            indicator  TEXT NOT NULL,
            cell       INTEGER NOT NULL,      -- H3 cell (any resolution), as a signed 64-bit pattern
            value      REAL NOT NULL,
            source     TEXT NOT NULL,
            date       TEXT NOT NULL,         -- YYYY, YYYY-MM or YYYY-MM-DD
            PRIMARY KEY (indicator, cell)
        ) WITHOUT ROWID;
        CREATE TABLE scenario_projections (
            variable   TEXT NOT NULL,
            scenario   TEXT NOT NULL,
            model      TEXT NOT NULL,
            year       INTEGER NOT NULL,
            month      INTEGER NOT NULL,      -- 1–12, or 0 for an annual value
            cell       INTEGER NOT NULL,
            mean       REAL NOT NULL,
            p5         REAL,
            p95        REAL,
            PRIMARY KEY (variable, scenario, model, year, month, cell)
        ) WITHOUT ROWID;
        """)
}
