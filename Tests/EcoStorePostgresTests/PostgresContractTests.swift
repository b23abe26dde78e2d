import EcoStore
import EcoStorePostgres
import EcoStoreTesting
import Testing

/// The whole store contract (EcoStoreTesting) on the PostgreSQL adapter, unchanged: every case on a schema
/// of its own; "reopen" closes the store and opens a new one on the same schema, as a restarted process would.
@Suite(.enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresContractTests {
    @Test(arguments: StoreContract.all)
    func postgresStoreKeepsThePromise(_ contract: ContractCase) async throws {
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema)
            try await StoreUnderTest.run(contract, on: store) { current in
                try await current.close()
                return try await TestDatabase.open(schema: schema)
            }
        }
    }

    /// The observation promises again without PostGIS (bounding boxes and regions by H3 cells alone), so both
    /// paths are tested wherever the extension is installed.
    @Test(arguments: StoreContract.all.filter { $0.port == "ObservationStore" })
    func withoutPostGISTheObservationPromisesHold(_ contract: ContractCase) async throws {
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema, "postgis=off")
            try await StoreUnderTest.run(contract, on: store) { current in
                try await current.close()
                return try await TestDatabase.open(schema: schema, "postgis=off")
            }
        }
    }
}

/// Printed once, so a run without PostgreSQL says plainly that these tests did not run.
@Suite struct PostgresAvailability {
    @Test func reportsWhetherThePostgreSQLTestsRun() {
        if !TestDatabase.isAvailable {
            print("note: \(TestDatabase.skipReason)")
        }
    }
}
