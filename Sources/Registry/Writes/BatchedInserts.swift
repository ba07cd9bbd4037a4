import Dispatch

/// Rows an import inserts, held back and written many to a statement.
///
/// Written a row at a time, an import ran about fifteen statements a row. On SQLite each statement that inserts
/// into a table with triggers opens a statement journal and a frame for each trigger, and costs its own trip
/// through GRDB's arguments; on PostgreSQL each is a round trip to the server. So an import's statements
/// (``SQLiteRecordStatements``, ``PostgresRecordStatements``) hand the inserts nothing reads back at once to this
/// batch: the rows a record's write inserts (a new record's own row, its theme links, evidence, link rows and
/// related references), a new record's line in the history and search entry (staged, on SQLite), and the import's
/// own bookkeeping. Every other statement
/// first writes what is held (``write()``), so that it sees what an import writing row by row would have written
/// by then; lookups of whether a record exists, and of the keys and ids the import remembered, answer from the
/// batch first (``contains(_:id:)``, ``heldRow(_:key:)``) and leave it held.
///
/// The rows are written table by table, in the order each table was first used since the last write, the rows of
/// one table in the order they came (so a conflict keeps the row it kept before). Changing the order across tables
/// changes nothing: the triggers of the tables held back keep derived names and countries (`record_related`'s
/// names of the records it points to, `project_country` from the partners' countries), each from either side, so
/// whichever of two rows goes in first, the second's trigger finds the first; and their foreign keys are checked at
/// commit.
///
/// A row of the file that may be rejected runs in ``savepoint(_:)``: its inserts are dropped from the batch when it
/// fails, and its savepoint is opened in the database only when the row runs a statement of its own.
///
/// A batch that fills up outside a row's savepoint is written on a queue of its own (``writeInBackground(then:)``),
/// where the engine can (SQLite: its inserts are its own CPU's work, where PostgreSQL's go to the server), while the
/// import reads, checks and encodes the next rows. Until it is written the connection is its own: everything else
/// that uses the connection waits for it first (``settle()``), and a failure fails every statement after it.
final class BatchedInserts {
    /// An insert's text before its values (`INSERT INTO evidence (a, b)`), after them (`ON CONFLICT DO NOTHING`),
    /// and its number of columns.
    struct Insert: Hashable {
        let head: String
        let tail: String
        let columns: Int
        /// The texts' hash, worked out once: every row held looks its insert up, and an insert's head names its
        /// table and every column, where the inserts themselves are made once each.
        private let contentHash: Int

        init(head: String, tail: String = "", columns: Int) {
            self.head = head
            self.tail = tail
            self.columns = columns
            var hasher = Hasher()
            hasher.combine(head)
            hasher.combine(tail)
            hasher.combine(columns)
            contentHash = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(contentHash)
        }
    }

    private let writer: any BatchedInsertWriting
    /// The inserts used since the batch was last written, in the order of their first use.
    private var inserts: [Insert] = []
    private var insertNumbers: [Insert: Int] = [:]
    /// The values of each insert's rows, row after row.
    private var values: [[RecordColumns.Value]] = []
    /// The insert of each row held, in order: what ``truncate(to:)`` removes from the end.
    private var rowLog: [Int] = []
    /// The records whose rows are held, in order, and the same by kind and id with their rows as stored, for
    /// lookups.
    private var recordLog: [(kind: RecordKind, id: String)] = []
    private var heldRecords: [RecordKind: [String: StoredRow]] = [:]
    /// For inserts whose held rows are looked up (``heldRow(_:key:)``): the latest row of each first value, by its
    /// number among the insert's rows.
    private var keyed: [Insert: [String: Int]] = [:]
    /// The statements' texts by insert and number of rows, made once each.
    private var statements: [Insert: [Int: String]] = [:]
    /// Counts the writes of the batch: a mark taken before a write no longer knows what is held.
    private var writes = 0
    /// The row whose savepoint is not opened yet: where its inserts begin.
    private var lazySavepoint: Mark?
    /// Whether the savepoint of the row running was opened in the database.
    private var savepointOpened = false
    /// The batch being written on ``backgroundQueue``, if one is.
    private var background: BackgroundWrite?
    private let backgroundQueue = DispatchQueue(label: "brobygger.import-batch")
    /// What failed a batch written in the background: the import fails, and nothing more is written.
    private var backgroundFailure: (any Error)?

    /// Rows held before the batch is written whatever comes next: bounds the memory the batch holds.
    static let rowLimit = 2_000
    /// The rows of one statement: as many as are held are written by statements of the largest of these sizes that
    /// fit, so that each engine prepares one statement per size and insert, and reuses it. (The engines' limits on
    /// parameters are far above.) Every size up to ten is one: a batch written because a statement of its own
    /// came (a changed record's update) holds a few rows of each table, and each of them written on its own was a
    /// round trip to PostgreSQL.
    static let statementSizes = [100, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]

    init(writer: any BatchedInsertWriting) {
        self.writer = writer
    }

    /// Holds a row of `insert`; writes the batch when it holds ``rowLimit`` rows.
    func add(_ insert: Insert, _ row: [RecordColumns.Value]) throws {
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
        if rowLog.count >= Self.rowLimit { try writeInBackground() }
    }

    /// Holds a new record's row (`insert` into its table; `stored`, its row as it is stored), which lookups then
    /// find.
    func addRecord(_ kind: RecordKind, id: String, stored: StoredRow, _ insert: Insert, _ row: [RecordColumns.Value]) throws {
        recordLog.append((kind, id))
        heldRecords[kind, default: [:]][id] = stored
        try add(insert, row)
    }

    /// Whether a record of `kind` with the id is held.
    func contains(_ kind: RecordKind, id: String) -> Bool {
        heldRecord(kind, id: id) != nil
    }

    /// The row of a record of `kind` with the id, as it is stored once the batch is written, when the record is
    /// held; nil when it is not. No statement changes a record's row but the write of that record (no trigger
    /// does: `RecordTablesWrittenByNoTriggerTests`), so a record that is not held reads the same before the batch is
    /// written as after.
    func heldRecord(_ kind: RecordKind, id: String) -> StoredRow? {
        heldRecords[kind]?[id]
    }

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

    var isEmpty: Bool { rowLog.isEmpty }

    /// Writes every row held, before a statement that is not held back runs. Within a row whose savepoint is not
    /// opened yet, the rows held before the row began are written, then the savepoint is opened, whatever is held:
    /// the statement that comes may be one of the row's writes, which its savepoint must be able to undo.
    func write() throws {
        try settle()
        if let mark = lazySavepoint {
            lazySavepoint = nil
            if mark.writes == writes && mark.rows > 0 { try write(rowsBefore: mark.rows) }
            try writer.execute("SAVEPOINT \(Self.rowSavepoint)")
            savepointOpened = true
        }
        guard !rowLog.isEmpty else { return }
        try write(rowsBefore: rowLog.count)
    }

    private static let rowSavepoint = "import_row"

    /// Writes every row held, then `statements` (statements of no parameters), on a queue of its own while the
    /// import goes on: the next statement on the connection waits for them (``settle()``). Within a row's savepoint,
    /// or where the engine writes only where it is asked to (``BatchedInsertWriting/detach(_:)``), they are written
    /// here and now.
    func writeInBackground(then statements: [String] = []) throws {
        if lazySavepoint == nil && !savepointOpened {
            try settle()
            guard !rowLog.isEmpty || !statements.isEmpty else { return }
            let rowCount = rowLog.count
            if let detached = try writer.detach(steps(rowsBefore: rowCount) + statements.map { Step(statement: $0, values: []) }) {
                // The rows are let go now: lookups of the batch no longer find them, and whatever would read them
                // from the database waits for the write first.
                release(rowsBefore: rowCount)
                background = BackgroundWrite(detached, on: backgroundQueue)
                return
            }
        }
        try write()
        for statement in statements { try writer.execute(statement) }
    }

    /// Waits for the batch being written in the background, if one is, and throws what failed it, then and at every
    /// call after: whatever uses the connection but the batch calls this first.
    func settle() throws {
        if let running = background {
            background = nil
            do {
                try running.wait()
            } catch {
                backgroundFailure = error
            }
        }
        if let backgroundFailure { throw backgroundFailure }
    }

    /// Waits for the batch being written in the background, if one is, whatever became of it: before the
    /// import's transaction ends, however it ends.
    func settleIgnoringFailure() {
        try? settle()
    }

    /// A statement of the batch, made by ``BatchedInsertWriting/statement(_:rows:)``, and its values.
    struct Step {
        let statement: String
        let values: ArraySlice<RecordColumns.Value>
    }

    /// Writes the first `count` rows held and keeps the others. The rows are let go only once every statement
    /// ran: when one fails, what is held is as it was, for a failed row to drop its own rows from (the import then
    /// fails, its transaction rolled back).
    private func write(rowsBefore count: Int) throws {
        for step in steps(rowsBefore: count) { try writer.run(step.statement, step.values) }
        release(rowsBefore: count)
    }

    /// The statements that write the first `count` rows held: table by table, as many rows to a statement as
    /// ``statementSizes`` allows.
    private func steps(rowsBefore count: Int) -> [Step] {
        let counts = rowsPerInsert(before: count)
        var steps: [Step] = []
        for (number, insert) in inserts.enumerated() where counts[number] > 0 {
            var row = 0
            while row < counts[number] {
                let rows = Self.statementSizes.first { $0 <= counts[number] - row } ?? 1
                steps.append(Step(statement: statement(insert, rows: rows),
                                  values: values[number][(row * insert.columns)..<((row + rows) * insert.columns)]))
                row += rows
            }
        }
        return steps
    }

    /// How many of the first `count` rows held are rows of each insert, by the insert's number.
    private func rowsPerInsert(before count: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: inserts.count)
        for number in rowLog[..<count] { counts[number] += 1 }
        return counts
    }

    /// Lets go of the first `count` rows held, once they are written.
    private func release(rowsBefore count: Int) {
        let counts = rowsPerInsert(before: count)
        for (number, insert) in inserts.enumerated() where counts[number] > 0 {
            values[number].removeFirst(counts[number] * insert.columns)
        }
        rowLog.removeFirst(count)
        if rowLog.isEmpty {
            inserts.removeAll(keepingCapacity: true)
            insertNumbers.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        }
        // Rows still held after a partial write belong to the row's savepoint: they are written right after.
        recordLog.removeAll(keepingCapacity: true)
        heldRecords.removeAll(keepingCapacity: true)
        for insert in keyed.keys { keyed[insert]?.removeAll(keepingCapacity: true) }
        writes += 1
    }

    /// The statement of `rows` rows of `insert`, made once.
    private func statement(_ insert: Insert, rows: Int) -> String {
        if let known = statements[insert]?[rows] { return known }
        let text = writer.statement(insert, rows: rows)
        statements[insert, default: [:]][rows] = text
        return text
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
        while recordLog.count > records, let record = recordLog.popLast() {
            heldRecords[record.kind]?[record.id] = nil
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
    }

    /// Runs `body`, a row that may be rejected: when it throws, the inserts it held are dropped and what it
    /// wrote is rolled back. Its savepoint is opened in the database when the batch is written while it runs
    /// (before any statement of its own), and not at all when it only holds inserts.
    func savepoint<T>(_ body: () throws -> T) throws -> T {
        // An import's rows run one after another, never one within another.
        precondition(lazySavepoint == nil && !savepointOpened, "a row's savepoint is not opened within another's")
        let start = mark
        lazySavepoint = start
        defer {
            lazySavepoint = nil
            savepointOpened = false
        }
        let result: T
        do {
            result = try body()
            if savepointOpened { try writer.execute("RELEASE SAVEPOINT \(Self.rowSavepoint)") }
        } catch {
            truncate(to: start)
            if savepointOpened { try writer.rollBack(to: Self.rowSavepoint) }
            throw error
        }
        lazySavepoint = nil
        savepointOpened = false
        // Within a row a full batch is written at once (``writeInBackground(then:)``). When every row runs in a
        // savepoint (`--skip-invalid`, a dry run, rows of several records), a batch nearly full when its row ends
        // goes to the background here, where no row can need it back.
        if rowLog.count >= Self.backgroundRowLimit { try writeInBackground() }
        return result
    }

    /// Rows held at the end of a row's savepoint before the batch is written in the background.
    static let backgroundRowLimit = rowLimit * 3 / 4
}

/// What writes a batch of inserts (``BatchedInserts``) on one engine, inside the import's transaction.
protocol BatchedInsertWriting {
    /// The text of an insert of `rows` rows of `insert`, with the engine's parameters.
    func statement(_ insert: BatchedInserts.Insert, rows: Int) -> String
    /// Runs `statement` (made by ``statement(_:rows:)``) with `values`, a row's values after another's.
    func run(_ statement: String, _ values: ArraySlice<RecordColumns.Value>) throws
    /// Makes `steps` ready to run on another thread, in order, while nothing else uses the connection; nil where the
    /// engine runs statements only where it is asked to.
    func detach(_ steps: [BatchedInserts.Step]) throws -> (any DetachedStatements)?
    /// Runs a statement without parameters (a savepoint's).
    func execute(_ sql: String) throws
    /// Rolls back to the savepoint and releases it.
    func rollBack(to savepoint: String) throws
}
