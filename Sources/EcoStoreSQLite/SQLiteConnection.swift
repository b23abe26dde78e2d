import EcoCore
import EcoStore
import Foundation
import VaporCSQLite

/// The destructor flag that tells SQLite to copy bound text before `bind` returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A raw SQLite connection over the C library that SQLiteNIO bundles.
///
/// Not thread-safe: one thread uses a connection at a time (the pool and the writer see to
/// that). Statements are prepared once and cached by SQL text. See docs/adr/0002 for why the
/// hot paths talk to the C API instead of SQLiteNIO's row-by-row futures.
final class SQLiteConnection: @unchecked Sendable {
    private(set) var handle: OpaquePointer?
    private var cache: [String: SQLiteStatement] = [:]
    /// Kept alive for SQLite's WAL hook (see `setWALCommitHook`).
    var walCommitHook: WALCommitHook?
    /// Rollups shared by the jobs of the writer's current group transaction (nil: each job writes its
    /// own, as inside per-job savepoints).
    var groupRollups: GroupRollups?
    let path: String

    init(path: String, readOnly: Bool = false) throws(SQLiteError) {
        self.path = path
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        var db: OpaquePointer?
        let status = sqlite_nio_sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite_nio_sqlite3_close(db)
            throw SQLiteError(code: status, message: "\(message) (\(path))")
        }
        handle = db
        sqlite_nio_sqlite3_busy_timeout(db, 10_000)
    }

    deinit { close() }

    /// Finalizes every statement and closes the handle; safe to call twice.
    func close() {
        for statement in cache.values { statement.finalize() }
        cache.removeAll()
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(SQLiteError) {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite_nio_sqlite3_exec(handle, sql, nil, nil, &error)
        if status != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? lastErrorMessage
            sqlite_nio_sqlite3_free(error)
            throw SQLiteError(code: status, message: message)
        }
    }

    /// A cached prepared statement for `sql`, reset and with bindings cleared.
    func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard status == SQLITE_OK, let raw else { throw SQLiteError(code: status, message: "\(lastErrorMessage) in: \(sql)") }
        let statement = SQLiteStatement(raw: raw, connection: self)
        cache[sql] = statement
        return statement
    }

    /// Makes the statement running on this connection stop with SQLITE_INTERRUPT; safe from any thread.
    func interrupt() {
        if let handle { sqlite_nio_sqlite3_interrupt(handle) }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite_nio_sqlite3_changes(handle)) }

    /// The rowid of the last row inserted on this connection.
    var lastInsertRowID: Int64 { sqlite_nio_sqlite3_last_insert_rowid(handle) }

    var lastErrorMessage: String { String(cString: sqlite_nio_sqlite3_errmsg(handle)) }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT, rolling back if it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

/// A prepared statement; binding indexes start at 1 as in SQLite.
final class SQLiteStatement: @unchecked Sendable {
    private var raw: OpaquePointer?
    private unowned let connection: SQLiteConnection

    init(raw: OpaquePointer, connection: SQLiteConnection) {
        self.raw = raw
        self.connection = connection
    }

    func finalize() {
        sqlite_nio_sqlite3_finalize(raw)
        raw = nil
    }

    /// Rows this statement has stepped through in full-table scans since prepared (its plan's cost,
    /// for tests that a query never walks a table).
    var fullScanSteps: Int32 { sqlite_nio_sqlite3_stmt_status(raw, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0) }

    /// Virtual-machine steps this statement has taken since prepared: a bound on the rows it visited.
    var virtualMachineSteps: Int32 { sqlite_nio_sqlite3_stmt_status(raw, SQLITE_STMTSTATUS_VM_STEP, 0) }

    func reset() {
        sqlite_nio_sqlite3_reset(raw)
        sqlite_nio_sqlite3_clear_bindings(raw)
    }

    @discardableResult
    func bind(_ index: Int32, _ value: Int64) -> Self {
        sqlite_nio_sqlite3_bind_int64(raw, index, value)
        return self
    }

    @discardableResult
    func bind(_ index: Int32, _ value: Double) -> Self {
        sqlite_nio_sqlite3_bind_double(raw, index, value)
        return self
    }

    @discardableResult
    func bind(_ index: Int32, _ value: String) -> Self {
        sqlite_nio_sqlite3_bind_text(raw, index, value, -1, transient)
        return self
    }

    @discardableResult
    func bind(_ index: Int32, _ value: String?) -> Self {
        if let value { return bind(index, value) }
        sqlite_nio_sqlite3_bind_null(raw, index)
        return self
    }

    @discardableResult
    func bind(_ index: Int32, _ value: Double?) -> Self {
        if let value { return bind(index, value) }
        sqlite_nio_sqlite3_bind_null(raw, index)
        return self
    }

    @discardableResult
    func bind(_ index: Int32, bytes: [UInt8]) -> Self {
        bytes.withUnsafeBytes { buffer in
            _ = sqlite_nio_sqlite3_bind_blob64(raw, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64(buffer.count), transient)
        }
        return self
    }

    /// Steps once; true while a row is available.
    func step() throws(SQLiteError) -> Bool {
        let status = sqlite_nio_sqlite3_step(raw)
        if status == SQLITE_ROW { return true }
        if status == SQLITE_DONE { return false }
        throw SQLiteError(code: status, message: connection.lastErrorMessage)
    }

    /// Steps to completion, for statements that return no rows.
    func run() throws(SQLiteError) {
        while try step() {}
        sqlite_nio_sqlite3_reset(raw)
    }

    func int64(_ column: Int32) -> Int64 { sqlite_nio_sqlite3_column_int64(raw, column) }
    func double(_ column: Int32) -> Double { sqlite_nio_sqlite3_column_double(raw, column) }
    func isNull(_ column: Int32) -> Bool { sqlite_nio_sqlite3_column_type(raw, column) == SQLITE_NULL }
    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    func bytes(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite_nio_sqlite3_column_bytes(raw, column))
        guard count > 0, let pointer = sqlite_nio_sqlite3_column_blob(raw, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    func string(_ column: Int32) -> String {
        guard let text = sqlite_nio_sqlite3_column_text(raw, column) else { return "" }
        return String(cString: text)
    }
}

/// A failure reported by SQLite, with its result code.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var message: String
    public var description: String { "SQLite error \(code): \(message)" }
}
