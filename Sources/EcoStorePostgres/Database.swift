import EcoStore
import Logging
import PostgresNIO
import Synchronization

/// The bounded connection pool of one store and the two ways the adapter uses it: single statements
/// (reads, one-statement writes) and transactions. Errors keep their meaning: a thrown domain error
/// comes out as itself (PostgresNIO's `withTransaction` wraps it), a statement timeout becomes
/// `StoreError.queryTimedOut`, and a closed store `StoreError.closed`.
final class Database: Sendable {
    let client: PostgresClient
    let logger: Logger
    let queryTimeout: Duration
    private let closed = Atomic<Bool>(false)

    init(client: PostgresClient, logger: Logger, queryTimeout: Duration) {
        self.client = client
        self.logger = logger
        self.queryTimeout = queryTimeout
    }

    var isClosed: Bool { closed.load(ordering: .acquiring) }

    func markClosed() { closed.store(true, ordering: .releasing) }

    /// Runs one statement and collects its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection { try await $0.collect(query, logger: self.logger) }
    }

    /// Runs one statement and decodes each row with `read`.
    func rows<T>(_ query: PostgresQuery, _ read: (PostgresRow) throws -> T) async throws -> [T] {
        try await rows(query).map(read)
    }

    /// Runs one statement for its effect.
    func execute(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    /// Runs `body` with a pooled connection.
    func connection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        guard !isClosed else { throw StoreError.closed }
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw translate(error)
        }
    }

    /// Runs `body` in a transaction: BEGIN, the body, COMMIT; ROLLBACK when it throws, rethrowing its error.
    /// The commit is acknowledged only when COMMIT returned, so a failure anywhere leaves nothing half-done.
    func transaction<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await connection { connection in
            try await connection.run("BEGIN", logger: self.logger)
            let value: T
            do {
                value = try await body(connection)
            } catch {
                // Refused at once when the connection is gone (the server rolled back already).
                _ = try? await connection.run("ROLLBACK", logger: self.logger)
                throw error
            }
            try await connection.run("COMMIT", logger: self.logger)
            return value
        }
    }

    /// Store errors a caller can act on, for PostgreSQL's: a statement stopped by `statement_timeout`
    /// (SQLSTATE 57014) is a timed-out query; other PostgreSQL errors say what the server said
    /// (PSQLError keeps that out of its description).
    private func translate(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else { return error }
        if error.sqlState == "57014" { return StoreError.queryTimedOut(limit: queryTimeout) }
        return PostgresFailure(error)
    }
}

/// A PostgreSQL error as the store reports it: the server's SQLSTATE and message, or the connection
/// problem, without the statement's parameters.
public struct PostgresFailure: Error, CustomStringConvertible, Sendable {
    /// The server's SQLSTATE (e.g. `23505`), nil when the failure was the connection's.
    public let sqlState: String?
    public let description: String

    init(_ error: PSQLError) {
        sqlState = error.sqlState
        if let message = error.serverInfo?[.message] {
            description = "PostgreSQL: \(message) (SQLSTATE \(error.sqlState ?? "?"))"
                + (error.serverInfo?[.detail].map { "; \($0)" } ?? "")
        } else {
            description = "PostgreSQL connection: \(error.code)"
        }
    }
}

extension PostgresConnection {
    /// Runs `query` and collects its rows.
    func collect(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        for try await row in try await run(query, logger: logger) { rows.append(row) }
        return rows
    }

    /// Runs `query`, as `query(_:logger:)` does, but never waits forever on a connection that closed.
    ///
    /// PostgresNIO hands a statement to the connection's channel without watching the write: once the channel
    /// has closed and its handlers are gone (an event-loop tick after a PostgreSQL restart drops it), the
    /// statement is lost and its answer never comes. Every store call that sent a statement after such a close
    /// (a transaction's ROLLBACK after its failed statement, a next statement) waited forever, holding its pooled
    /// connection: the restart defect. So a closed connection is refused before writing, and a statement whose
    /// connection closes while it waits is given up (``ConnectionLost``) once the close is a second old; the
    /// lost wait is left behind. A statement on a live connection is never cut short (migrations may wait long).
    @discardableResult
    func run(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        guard !isClosed else { throw ConnectionLost() }
        return try await abandoning({ try await self.query(query, logger: logger) }, giveUp: {
            while !self.isClosed {
                do { try await Task.sleep(for: ConnectionLost.pollInterval) } catch { return CancellationError() }
            }
            try? await Task.sleep(for: ConnectionLost.grace)
            return ConnectionLost()
        })
    }
}

/// A statement's connection to PostgreSQL closed before it was answered (a restart, a dropped network): the
/// statement may or may not have run; a write inside a transaction did not commit.
public struct ConnectionLost: Error, CustomStringConvertible, Sendable {
    /// How often a waiting statement checks its connection.
    static let pollInterval = Duration.milliseconds(250)
    /// How long after the close a statement still waits for PostgresNIO's own error.
    static let grace = Duration.seconds(1)

    public var description: String { "PostgreSQL connection closed before the statement was answered" }
}

extension PSQLError {
    /// The SQLSTATE the server sent (e.g. 23505 for a unique violation), if the error came from it.
    var sqlState: String? { serverInfo?[.sqlState] }

    /// The constraint the server named, if any.
    var constraint: String? { serverInfo?[.constraintName] }
}
