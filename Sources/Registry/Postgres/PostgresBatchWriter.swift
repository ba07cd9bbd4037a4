import PostgresClient

/// Writes an import's batches of inserts (``BatchedInserts``) into PostgreSQL: one round trip a statement of many
/// rows, each statement prepared once by the connection.
struct PostgresBatchWriter: BatchedInsertWriting {
    /// The write's connection, as it is: the batch writes itself before any other statement runs on it.
    let connection: PostgresConnection

    func statement(_ insert: BatchedInserts.Insert, rows: Int) -> String {
        Self.statement(insert, rows: rows)
    }

    /// The text of an insert of `rows` rows of `insert`, its parameters numbered from `$1`, row after row.
    static func statement(_ insert: BatchedInserts.Insert, rows: Int) -> String {
        let values = (0..<rows).map { row in
            "(" + (1...insert.columns).map { "$\(row * insert.columns + $0)" }.joined(separator: ", ") + ")"
        }
        return insert.head + " VALUES " + values.joined(separator: ", ") + insert.tail
    }

    func run(_ statement: String, _ values: ArraySlice<RecordColumns.Value>) throws {
        // Every parameter goes as text for the server to read by its column: a statement is prepared for the
        // types of its parameters, and integers mixed with nulls would make one for each way they fall.
        // Sent without waiting for its result (libpq's pipeline mode): the server writes the rows while the import
        // reads the next ones. Nothing reads what an insert returns; a failure fails the import at its next
        // statement of its own, which waits for these first, as does its commit.
        try connection.send(statement, values.map { value in
            switch value {
            case .text(let text): .text(text)
            case .integer(let integer): .text(String(integer))
            case .null: .null
            }
        })
    }

    /// Pipelined already (``run(_:_:)``): the server writes the rows while the import goes on.
    func detach(_ steps: [BatchedInserts.Step]) throws -> (any DetachedStatements)? {
        nil
    }

    func execute(_ sql: String) throws {
        try connection.execute(sql)
    }

    func rollBack(to savepoint: String) throws {
        // A connection that broke has no transaction left to roll back: what failed is what is told.
        guard !connection.isBroken else { return }
        try connection.execute("ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)")
    }
}
