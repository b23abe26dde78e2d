import EcoCore
import EcoStore

/// Reported crop yields (issue #17, food: stored yield histories), one row per region, crop and year.
/// Numbered 20 as assigned to this branch: the migrator applies every migration it has not recorded.
enum Migration0020Yields {
    static let migration = Migration(version: 20, name: "yields", sql: """
        CREATE TABLE food_yields (
            region          TEXT NOT NULL,
            crop            TEXT NOT NULL,
            year            INTEGER NOT NULL,
            t_per_ha        REAL NOT NULL,
            reported_value  REAL NOT NULL,
            reported_unit   TEXT NOT NULL,
            source          TEXT NOT NULL,
            PRIMARY KEY (region, crop, year)
        ) WITHOUT ROWID;
        """)
}
