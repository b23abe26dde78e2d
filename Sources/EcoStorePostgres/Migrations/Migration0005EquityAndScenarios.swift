import PostgresNIO

/// Socio-economic indicators per H3 cell and climate scenario projections (issue #17), as SQLite's migration
/// 13. Numbered 6 with 5 left to another branch: the migrator applies every migration it has not recorded.
/// Names use the "C" collation (byte order, as in SQLite) so both adapters list in the same order.
enum Migration0005EquityAndScenarios {
    static let migration = PostgresMigration(version: 5, name: "equity_and_scenarios") { context in
        try await context.run("""
            CREATE TABLE equity_indicators (
                indicator  text COLLATE "C" NOT NULL,
                cell       bigint NOT NULL,
                value      float8 NOT NULL,
                source     text COLLATE "C" NOT NULL,
                date       text COLLATE "C" NOT NULL,
                PRIMARY KEY (indicator, cell)
            );
            CREATE TABLE scenario_projections (
                variable   text COLLATE "C" NOT NULL,
                scenario   text COLLATE "C" NOT NULL,
                model      text COLLATE "C" NOT NULL,
                year       integer NOT NULL,
                month      integer NOT NULL,
                cell       bigint NOT NULL,
                mean       float8 NOT NULL,
                p5         float8,
                p95        float8,
                PRIMARY KEY (variable, scenario, model, year, month, cell)
            )
            """)
    }
}
