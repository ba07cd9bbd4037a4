import GRDB
import GRDBSQLite

/// Writes an import's batches of inserts (``BatchedInserts``) into SQLite: each statement made once by GRDB's
/// cache and run through SQLite's interface, as GRDB's arguments cost more than binding the values.
struct SQLiteBatchWriter: BatchedInsertWriting {
    /// The writer's connection, as it is: the batch writes itself before any other statement runs on it.
    let db: Database

    func statement(_ insert: BatchedInserts.Insert, rows: Int) -> String {
        let row = "(" + repeatElement("?", count: insert.columns).joined(separator: ", ") + ")"
        return insert.head + " VALUES " + repeatElement(row, count: rows).joined(separator: ", ") + insert.tail
    }

    func run(_ statement: String, _ values: ArraySlice<RecordColumns.Value>) throws {
        try Self.step(db.cachedStatement(sql: statement).sqliteStatement, values)
    }

    func detach(_ steps: [BatchedInserts.Step]) throws -> (any DetachedStatements)? {
        SQLiteDetachedStatements(steps: try steps.map { (try db.cachedStatement(sql: $0.statement).sqliteStatement, $0.values) })
    }

    /// Binds `values` to the prepared statement `handle` and runs it.
    fileprivate static func step(_ handle: OpaquePointer, _ values: ArraySlice<RecordColumns.Value>) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        var parameter: Int32 = 1
        for value in values {
            let code: Int32 = switch value {
            case .text(let text): sqlite3_bind_text(handle, parameter, text, -1, Self.transient)
            case .integer(let integer): sqlite3_bind_int64(handle, parameter, integer)
            case .null: sqlite3_bind_null(handle, parameter)
            }
            guard code == SQLITE_OK else { throw Self.error(code, handle) }
            parameter += 1
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw Self.error(code, handle) }
    }

    func execute(_ sql: String) throws {
        try db.execute(sql: sql)
    }

    func rollBack(to savepoint: String) throws {
        try db.execute(sql: "ROLLBACK TO SAVEPOINT \(savepoint)")
        try db.execute(sql: "RELEASE SAVEPOINT \(savepoint)")
    }

    /// SQLite's `SQLITE_TRANSIENT`: the bound text is copied, as GRDB has it copied.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func error(_ code: Int32, _ statement: OpaquePointer) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code),
                      message: sqlite3_db_handle(statement).map { String(cString: sqlite3_errmsg($0)) },
                      sql: String(cString: sqlite3_sql(statement)))
    }
}

/// A batch's statements, prepared on the writer's connection by the import's thread, to run on the batch's queue.
/// The connection's handles cross threads here: nothing else uses the connection until they have run
/// (``BatchedInserts/settle()``), and the queue's semaphore orders what each thread did before. The handles are
/// GRDB's cached statements, which live as long as the connection's cache: nothing empties it during an import
/// (it is emptied by a change of the schema, an observer added or removed, or a call to release memory).
private struct SQLiteDetachedStatements: DetachedStatements, @unchecked Sendable {
    let steps: [(handle: OpaquePointer, values: ArraySlice<RecordColumns.Value>)]

    func run() throws {
        for step in steps { try SQLiteBatchWriter.step(step.handle, step.values) }
    }
}
