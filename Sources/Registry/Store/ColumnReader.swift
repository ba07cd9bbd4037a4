import GRDB
import GRDBSQLite

/// Steps one of GRDB's cached statements through SQLite's C interface and hands out its columns as the bytes
/// SQLite holds, without making a `Row` or a `String` of them.
///
/// For the item path, which reads a record's served JSON and a dozen related rows per request: GRDB's rows
/// and Swift strings (a copy and a UTF-8 validation per column) were a third of an item's instructions, and
/// the API copies these bytes into its answer unchanged. The text is the registry's own, written through
/// `sqlite3_bind_text` from Swift strings, so it is valid UTF-8.
///
/// The statement is reset and its bindings cleared when the reader ends, so GRDB finds it as it left it.
struct ColumnReader: ~Copyable {
    /// GRDB's statement, held so that it is not finalized while SQLite's is stepped.
    private let owner: Statement
    private let statement: OpaquePointer
    private let connection: OpaquePointer?

    /// Binds `texts` to the statement's parameters ?1, ?2, … in order.
    init(_ statement: Statement, binding texts: String...) throws {
        owner = statement
        self.statement = statement.sqliteStatement
        connection = sqlite3_db_handle(statement.sqliteStatement)
        sqlite3_reset(self.statement)
        sqlite3_clear_bindings(self.statement)
        for (offset, text) in texts.enumerated() {
            let code = sqlite3_bind_text(self.statement, Int32(offset + 1), text, -1, ColumnReader.transient)
            guard code == SQLITE_OK else { throw error(code) }
        }
    }

    /// Binds `arguments` as GRDB does.
    init(_ statement: Statement, arguments: StatementArguments) throws {
        owner = statement
        self.statement = statement.sqliteStatement
        connection = sqlite3_db_handle(statement.sqliteStatement)
        try statement.setArguments(arguments)
    }

    deinit {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    /// SQLite's `SQLITE_TRANSIENT`: the bound text is copied, since the Swift string's buffer is temporary.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Moves to the next row; false after the last.
    func next() throws -> Bool {
        let code = sqlite3_step(statement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw error(code)
        }
    }

    /// Whether `column` of the current row is NULL.
    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(statement, column) == SQLITE_NULL
    }

    /// Whether `column` of the current row is a floating-point number.
    func isReal(_ column: Int32) -> Bool {
        sqlite3_column_type(statement, column) == SQLITE_FLOAT
    }

    /// The bytes of `column` of the current row as text (empty for NULL), valid until the next step.
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        guard let text = sqlite3_column_text(statement, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column)))
    }

    /// `column` of the current row as an integer (0 for NULL).
    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }

    /// `column` of the current row as a double (0 for NULL).
    func double(_ column: Int32) -> Double {
        sqlite3_column_double(statement, column)
    }

    /// `column` of the current row as GRDB gives it: NULL, an integer, a double, a string or bytes.
    func databaseValue(_ column: Int32) -> DatabaseValue {
        DatabaseValue(sqliteStatement: statement, index: column)
    }

    /// `column` of the current row as a string, nil for NULL.
    func text(_ column: Int32) -> String? {
        isNull(column) ? nil : String(decoding: bytes(column), as: UTF8.self)
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code),
                      message: connection.map { String(cString: sqlite3_errmsg($0)) },
                      sql: String(cString: sqlite3_sql(statement)))
    }
}
