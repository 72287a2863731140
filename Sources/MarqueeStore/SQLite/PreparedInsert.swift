import GRDB
import GRDBSQLite

/// An INSERT (or upsert) of ingest's per-event hot path, run through the SQLite C API rather than GRDB's
/// `Statement.execute()`.
///
/// Why it bypasses GRDB: for every row, `execute()` resets the statement twice, checks the calling queue
/// (`DispatchQueue.getSpecific`), checks for aborted transactions, suspension and cancellation, registers the
/// statement with the observation broker, and retains and releases the database; a profile of a file ingest put that
/// bookkeeping above SQLite's own work. None of it applies here:
/// - the statement runs inside the one transaction of `SQLiteEventStore.write`, on the writer's queue;
/// - nothing observes a Marquee store (no `TransactionObserver`, `ValueObservation` or `DatabaseRegionObservation`),
///   and an INSERT selects no region and leaves the schema alone;
/// - a failed step throws at once, so nothing runs in a transaction SQLite rolled back, and cancellation is still
///   noticed: by a step SQLite interrupts (thrown as `CancellationError`, as GRDB does) or by the batch's next GRDB
///   statement.
///
/// The statement is prepared for one batch and kept out of GRDB's statement cache, so GRDB never runs a statement
/// whose bindings it did not set, nor one whose step failed behind its back.
struct PreparedInsert {
    private let statement: Statement

    /// Prepares `sql` for the lifetime of this value.
    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
    }

    /// Runs the statement once with the parameters `bind` sets; returns whether it inserted or updated a row.
    ///
    /// - Parameter bind: binds every parameter of the statement (one left out would keep its value of the previous
    ///   run), e.g. with GRDB's `bind(to:at:)`, and returns the bitwise union of the `sqlite3_bind_*` result codes,
    ///   which is `SQLITE_OK` (0) only if every bind succeeded.
    /// - Throws: `DatabaseError` with SQLite's result code and message when a bind or the step fails;
    ///   `CancellationError` when the step was interrupted because the database access was cancelled.
    @inline(__always)
    @discardableResult
    func run(_ bind: (SQLiteStatement) -> CInt) throws -> Bool {
        let handle = statement.sqliteStatement
        // The previous run ended in SQLITE_DONE (a failed run throws, and the batch's writer is dropped with this
        // statement), so the reset cannot report an error; checked all the same.
        let reset = sqlite3_reset(handle)
        guard reset == SQLITE_OK else { throw failure(reset) }
        let bound = bind(handle)
        guard bound == SQLITE_OK else { throw failure(.SQLITE_MISUSE, "binding the values of a row failed") }
        let stepped = sqlite3_step(handle)
        guard stepped == SQLITE_DONE else {
            // Only GRDB's cancellation of the database access interrupts the writer's connection (the store never
            // calls `interrupt()`), and GRDB reports an interrupted statement of a cancelled access so.
            if stepped & 0xFF == SQLITE_INTERRUPT { throw CancellationError() }
            if stepped == SQLITE_ROW { throw failure(.SQLITE_MISUSE, "an insert returned a row") }
            throw failure(stepped)
        }
        return sqlite3_changes(sqlite3_db_handle(handle)) > 0
    }

    /// The error of the (extended) result code `code`, with SQLite's message for it, as GRDB would report it.
    private func failure(_ code: CInt) -> DatabaseError {
        failure(ResultCode(rawValue: code), String(cString: sqlite3_errmsg(sqlite3_db_handle(statement.sqliteStatement))))
    }

    private func failure(_ code: ResultCode, _ message: String) -> DatabaseError {
        DatabaseError(resultCode: code, message: message, sql: statement.sql)
    }
}
