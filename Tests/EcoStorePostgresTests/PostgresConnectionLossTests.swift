import EcoStore
@testable import EcoStorePostgres
import Foundation
import Logging
import PostgresNIO
import Testing

/// The root cause of the restart defect, made deterministic: a statement sent on a connection PostgreSQL has
/// already dropped (a restart terminates every backend) used to wait forever, so a transaction whose connection
/// died between two statements never returned (its ROLLBACK was the lost statement) and held its pooled
/// connection. Here the backend is terminated from inside a transaction, the way a restart does it.
@Suite(.enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresConnectionLossTests {
    @Test func aStatementOnAClosedConnectionFailsAtOnce() async throws {
        let connection = try await TestDatabase.connect()
        try await connection.close()
        await #expect(throws: ConnectionLost.self) {
            try await abandoningAfter(.seconds(10)) { try await connection.run("SELECT 1", logger: Logger(label: "test")) }
        }
    }

    @Test func aTransactionWhoseBackendIsTerminatedFailsAndTheStoreAnswersAfterwards() async throws {
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema, "pool=1")
            // abandoningAfter, not withTimeout: a statement that never answers ignores cancellation, and the
            // test must fail rather than hang (it hung here before the fix).
            let outcome = try await abandoningAfter(.seconds(30)) {
                await Result {
                    try await store.database.transaction { connection in
                        let pid = try await connection.collect("SELECT pg_backend_pid()", logger: store.database.logger)[0].decode(Int32.self)
                        _ = try await TestDatabase.sql("SELECT pg_terminate_backend(\(pid))")
                        // Wait until the client has noticed and its channel handlers are gone (a later event-loop tick):
                        // the statements after this point (this one, then the transaction's ROLLBACK) were the lost ones.
                        while !connection.isClosed { try await Task.sleep(for: .milliseconds(20)) }
                        try await Task.sleep(for: .milliseconds(200))
                        _ = try await connection.collect("SELECT 1", logger: store.database.logger)
                    }
                }
            }
            #expect(throws: (any Error).self) { try outcome.get() }
            // The pool replaced the dead connection: the store answers.
            #expect(try await withTimeout(.seconds(30)) { try await store.latestEventOffset() } == 0)
            try await store.close()
        }
    }
}
