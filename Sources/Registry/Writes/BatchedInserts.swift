import GRDB
import GRDBSQLite

/// Rows an import inserts into SQLite, held back and written many to a statement.
///
/// A statement that inserts one row into a table with triggers opens a statement journal and a frame for each
/// trigger, and each statement costs its own trip through GRDB's arguments: written a row at a time, an import
/// spent about twice on its plain inserts what the same rows cost in statements of many rows (BENCHMARKS.md,
/// "Imports: what a row's SQLite writes cost"). So an import's statements (``SQLiteRecordStatements``) hand the
/// inserts nothing reads back at once to this batch: a new record's row when it has no theme links, link rows or
/// related references, its evidence, its line in the history, its search entry's staging, and the import's own
/// bookkeeping. Every other statement first writes what is held (``SQLiteRecordStatements/db``), so that it sees
/// what an import writing row by row would have written by then; a lookup of whether a record exists answers from
/// the batch first (``contains(_:id:)``) and leaves it held.
///
/// The rows are written table by table, in the order each table was first used since the last write, the rows of
/// one table in the order they came (so `INSERT OR IGNORE` and `INSERT OR REPLACE` keep the row they kept before).
/// Changing the order across tables changes nothing: none of the tables held back has a trigger that reads another
/// of them (the record tables' triggers keep names and countries derived into `record_related` and
/// `project_country`, which the triggers of those tables keep from the other side too), and their foreign keys
/// are checked at commit.
///
/// A row of the file that may be rejected runs in ``savepoint(_:)``: its inserts are dropped from the batch when it
/// fails, and the savepoint is opened in SQLite only when the row runs a statement of its own.
final class BatchedInserts {
    /// An insert's text up to its values (`INSERT OR IGNORE INTO evidence (a, b)`) and its number of columns.
    struct Insert: Hashable {
        let head: String
        let columns: Int
    }

    /// The inserts used since the batch was last written, in the order of their first use.
    private var inserts: [Insert] = []
    private var insertNumbers: [Insert: Int] = [:]
    /// The values of each insert's rows, row after row.
    private var values: [[RecordColumns.Value]] = []
    /// The insert of each row held, in order: what ``truncate(to:)`` removes from the end.
    private var rowLog: [Int] = []
    /// The records whose rows are held, in order, and the same by kind for lookups.
    private var recordLog: [(kind: RecordKind, id: String)] = []
    private var recordIDs: [RecordKind: Set<String>] = [:]
    /// Counts the writes of the batch: a mark taken before a write no longer knows what is held.
    private var writes = 0
    /// The row whose savepoint is not opened in SQLite yet: where its inserts begin.
    private var lazySavepoint: Mark?

    /// Rows held before the batch is written whatever comes next: bounds the memory the batch holds.
    static let rowLimit = 2_000
    /// The rows of one statement: as many as are held are written by statements of the largest of these sizes that
    /// fit, each statement made once per size and kept, since making one of a hundred rows costs about as much as
    /// running it. (SQLite's limit on parameters is far above.)
    static let statementSizes = [100, 10, 1]

    /// For inserts whose held rows are looked up (``heldRow(_:key:)``): the latest row of each first value, by its
    /// number among the insert's rows.
    private var keyed: [Insert: [String: Int]] = [:]

    /// Has the held rows of `insert` looked up by their first value, a text (``heldRow(_:key:)``).
    func lookUpRows(of insert: Insert) {
        if keyed[insert] == nil { keyed[insert] = [:] }
    }

    /// The values of the latest row held of `insert` whose first value is the text `key`, for an insert whose rows
    /// are looked up (``lookUpRows(of:)``); nil when none is held.
    func heldRow(_ insert: Insert, key: String) -> ArraySlice<RecordColumns.Value>? {
        guard let row = keyed[insert]?[key], let number = insertNumbers[insert] else { return nil }
        return values[number][(row * insert.columns)..<((row + 1) * insert.columns)]
    }

    /// Holds a row of `insert`; writes the batch when it holds ``rowLimit`` rows.
    func add(_ insert: Insert, _ row: [RecordColumns.Value], in db: Database) throws {
        precondition(row.count == insert.columns, "a row has a value for each column of its insert")
        let number: Int
        if let known = insertNumbers[insert] {
            number = known
        } else {
            number = inserts.count
            inserts.append(insert)
            insertNumbers[insert] = number
            values.append([])
        }
        if keyed[insert] != nil, case .text(let key)? = row.first {
            keyed[insert]?[key] = values[number].count / insert.columns
        }
        values[number].append(contentsOf: row)
        rowLog.append(number)
        if rowLog.count >= Self.rowLimit { try write(db) }
    }

    /// Holds a new record's row (`insert` into its table), which lookups then find.
    func addRecord(_ kind: RecordKind, id: String, _ insert: Insert, _ row: [RecordColumns.Value], in db: Database) throws {
        recordLog.append((kind, id))
        recordIDs[kind, default: []].insert(id)
        try add(insert, row, in: db)
    }

    /// Whether a record of `kind` with the id is held.
    func contains(_ kind: RecordKind, id: String) -> Bool {
        recordIDs[kind]?.contains(id) ?? false
    }

    var isEmpty: Bool { rowLog.isEmpty }

    /// Writes every row held, before a statement that is not held back runs. Within a row whose savepoint is not
    /// opened yet, the rows held before the row began are written, then the savepoint is opened, whatever is held:
    /// the statement that comes may be one of the row's writes, which its savepoint must be able to undo.
    func write(_ db: Database) throws {
        if let mark = lazySavepoint {
            lazySavepoint = nil
            if mark.writes == writes && mark.rows > 0 { try write(rowsBefore: mark.rows, db) }
            try db.execute(sql: "SAVEPOINT \(Self.savepointName)")
            savepointOpened = true
        }
        guard !rowLog.isEmpty else { return }
        try write(rowsBefore: rowLog.count, db)
    }

    /// Whether the savepoint of the row running was opened in SQLite.
    private var savepointOpened = false

    private static let savepointName = "import_row"

    /// Writes the first `count` rows held and keeps the others.
    private func write(rowsBefore count: Int, _ db: Database) throws {
        var counts = [Int](repeating: 0, count: inserts.count)
        for number in rowLog[..<count] { counts[number] += 1 }
        for (number, insert) in inserts.enumerated() where counts[number] > 0 {
            let taken = counts[number] * insert.columns
            try values[number].withUnsafeBufferPointer { all in
                try Self.insert(UnsafeBufferPointer(rebasing: all[..<taken]), insert, db)
            }
            values[number].removeFirst(taken)
        }
        rowLog.removeFirst(count)
        if rowLog.isEmpty {
            inserts.removeAll(keepingCapacity: true)
            insertNumbers.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        }
        recordLog.removeAll(keepingCapacity: true)
        recordIDs.removeAll(keepingCapacity: true)
        // Rows still held after a partial write belong to the row's savepoint: they are written right after.
        for insert in keyed.keys { keyed[insert]?.removeAll(keepingCapacity: true) }
        writes += 1
    }

    /// Inserts the rows whose values are `values` (a row's values after another's) in statements of
    /// ``statementSizes`` rows.
    private static func insert(_ values: UnsafeBufferPointer<RecordColumns.Value>, _ insert: Insert, _ db: Database) throws {
        var start = 0
        while start < values.count {
            let left = (values.count - start) / insert.columns
            let rows = statementSizes.first { $0 <= left } ?? 1
            let sql = insert.head + " VALUES " + repeatElement(placeholders(insert.columns), count: rows).joined(separator: ", ")
            try step(db.cachedStatement(sql: sql), values[start..<(start + rows * insert.columns)])
            start += rows * insert.columns
        }
    }

    private static func placeholders(_ columns: Int) -> String {
        "(" + repeatElement("?", count: columns).joined(separator: ", ") + ")"
    }

    /// Binds the values to the statement's parameters in order and runs it, through SQLite's interface: GRDB's
    /// arguments cost more than binding them.
    private static func step(_ statement: Statement, _ values: Slice<UnsafeBufferPointer<RecordColumns.Value>>) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        var parameter: Int32 = 1
        for value in values {
            let code: Int32 = switch value {
            case .text(let text): sqlite3_bind_text(handle, parameter, text, -1, transient)
            case .integer(let integer): sqlite3_bind_int64(handle, parameter, integer)
            case .null: sqlite3_bind_null(handle, parameter)
            }
            guard code == SQLITE_OK else { throw error(code, handle) }
            parameter += 1
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(code, handle) }
    }

    /// SQLite's `SQLITE_TRANSIENT`: the bound text is copied, as GRDB has it copied.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func error(_ code: Int32, _ statement: OpaquePointer) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code),
                      message: sqlite3_db_handle(statement).map { String(cString: sqlite3_errmsg($0)) },
                      sql: String(cString: sqlite3_sql(statement)))
    }

    /// Where the batch stood: what a failed row's inserts are dropped back to.
    struct Mark {
        let writes: Int
        let rows: Int
        let records: Int
    }

    private var mark: Mark {
        Mark(writes: writes, rows: rowLog.count, records: recordLog.count)
    }

    /// Drops the rows held since `mark`; everything held when the batch was written since.
    private func truncate(to mark: Mark) {
        let rows = mark.writes == writes ? mark.rows : 0
        let records = mark.writes == writes ? mark.records : 0
        while rowLog.count > rows, let number = rowLog.popLast() {
            values[number].removeLast(inserts[number].columns)
        }
        // A key's latest row may be gone, and an earlier row of it the latest again.
        for insert in keyed.keys {
            var index: [String: Int] = [:]
            if let number = insertNumbers[insert] {
                for row in 0..<(values[number].count / insert.columns) {
                    if case .text(let key) = values[number][row * insert.columns] { index[key] = row }
                }
            }
            keyed[insert] = index
        }
        while recordLog.count > records, let record = recordLog.popLast() {
            recordIDs[record.kind]?.remove(record.id)
        }
    }

    /// Runs `body`, a row that may be rejected: when it throws, the inserts it held are dropped and what it
    /// wrote is rolled back. Its savepoint is opened in SQLite when the batch is written while it runs (before
    /// any statement of its own), and not at all when it only holds inserts.
    func savepoint<T>(in db: Database, _ body: () throws -> T) throws -> T {
        // A savepoint within a row's is opened at once, after the batch is written (which opens the row's).
        guard lazySavepoint == nil && !savepointOpened else {
            try write(db)
            let start = mark
            do {
                return try db.inSavepoint(returning: body)
            } catch {
                truncate(to: start)
                throw error
            }
        }
        let start = mark
        lazySavepoint = start
        defer {
            lazySavepoint = nil
            savepointOpened = false
        }
        do {
            let result = try body()
            if savepointOpened { try db.execute(sql: "RELEASE SAVEPOINT \(Self.savepointName)") }
            return result
        } catch {
            truncate(to: start)
            if savepointOpened {
                try db.execute(sql: "ROLLBACK TO SAVEPOINT \(Self.savepointName)")
                try db.execute(sql: "RELEASE SAVEPOINT \(Self.savepointName)")
            }
            throw error
        }
    }
}
