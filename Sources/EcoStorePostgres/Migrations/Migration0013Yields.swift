import PostgresNIO

/// Reported crop yields (issue #17, food), as SQLite's migration 20. Numbered 13 as assigned to this branch.
/// Names use the "C" collation (byte order, as in SQLite) so both adapters list in the same order.
enum Migration0013Yields {
    static let migration = PostgresMigration(version: 13, name: "yields") { context in
        try await context.run("""
            CREATE TABLE food_yields (
                region          text COLLATE "C" NOT NULL,
                crop            text COLLATE "C" NOT NULL,
                year            integer NOT NULL,
                t_per_ha        float8 NOT NULL,
                reported_value  float8 NOT NULL,
                reported_unit   text NOT NULL,
                source          text NOT NULL,
                PRIMARY KEY (region, crop, year)
            )
            """)
    }
}
