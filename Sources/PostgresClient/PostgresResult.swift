import CLibPQ

/// The rows a statement returned, read in place from libpq's result (freed with this value), plus how many rows
/// a write touched.
public final class PostgresResult {
    private let result: OpaquePointer

    /// Takes ownership of a successful libpq result.
    init(_ result: OpaquePointer) {
        self.result = result
    }

    deinit {
        PQclear(result)
    }

    /// The number of rows returned.
    public var count: Int { Int(PQntuples(result)) }

    /// The number of columns of each row.
    public var columnCount: Int { Int(PQnfields(result)) }

    /// The rows an INSERT, UPDATE or DELETE touched (0 for other statements).
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    /// The command tag the server answered with (`INSERT 0 1`, `COMMIT`, `ROLLBACK` …).
    var commandStatus: String { String(cString: PQcmdStatus(result)) }

    /// The name of a column, as the statement's select list gave it.
    public func columnName(_ column: Int) -> String { String(cString: PQfname(result, Int32(column))) }

    /// The type of a column, as PostgreSQL's type OID (`pg_type.oid`: 20 for `bigint`, 25 for `text` …).
    public func columnType(_ column: Int) -> UInt32 { PQftype(result, Int32(column)) }

    /// The row at `index` (0 ..< count).
    public subscript(index: Int) -> PostgresRow {
        precondition(index >= 0 && index < count, "row \(index) of \(count)")
        return PostgresRow(result: self, index: Int32(index))
    }

    /// Every row, in order.
    public var rows: [PostgresRow] { (0..<count).map { self[$0] } }

    /// Reads one value; `row` and `column` are in range (checked by the caller).
    func decode<Value: PostgresDecodable>(row: Int32, column: Int, as type: Value.Type) throws(PostgresError) -> Value {
        guard column >= 0 && column < columnCount else {
            throw PostgresError(.decoding, "no column \(column): the row has \(columnCount)")
        }
        let field = Int32(column)
        if PQgetisnull(result, row, field) != 0 {
            guard let null = Value.postgresNull else {
                throw PostgresError(.decoding, "column '\(columnName(column))' is NULL; read it as an Optional")
            }
            return null
        }
        let length = Int(PQgetlength(result, row, field))
        let value = PQgetvalue(result, row, field).withMemoryRebound(to: UInt8.self, capacity: length) {
            Value.decode(postgresText: UnsafeBufferPointer(start: $0, count: length))
        }
        guard let value else {
            throw PostgresError(.decoding, "column '\(columnName(column))' cannot be read as \(Value.self)")
        }
        return value
    }

    /// The text of a value as libpq holds it, nil for NULL; the bytes are valid while this result is.
    func unsafeText(row: Int32, column: Int) -> UnsafeRawBufferPointer? {
        let field = Int32(column)
        guard column >= 0, column < columnCount, PQgetisnull(result, row, field) == 0 else { return nil }
        return UnsafeRawBufferPointer(start: PQgetvalue(result, row, field), count: Int(PQgetlength(result, row, field)))
    }

    /// The index of the column named `name`, or an error naming it.
    func columnIndex(_ name: String) throws(PostgresError) -> Int {
        // Quoted, so that the name is matched exactly rather than folded to lower case.
        let quoted = "\"" + name.flatMap { $0 == "\"" ? "\"\"" : String($0) } + "\""
        let index = Int(PQfnumber(result, quoted))
        guard index >= 0 else { throw PostgresError(.decoding, "no column named '\(name)'") }
        return index
    }
}

/// One row of a `PostgresResult`, its columns read by position or by name as a chosen Swift type.
public struct PostgresRow {
    let result: PostgresResult
    let index: Int32

    /// The text of `column` as libpq holds it (in text format), nil for NULL or a column that is not there. The
    /// bytes belong to the result: they are valid while this row (or another of its result's) is kept.
    public func unsafeText(_ column: Int) -> UnsafeRawBufferPointer? {
        result.unsafeText(row: index, column: column)
    }

    /// The value of the column at `column` (0-based), as `type`; NULL only when `type` is an Optional.
    public func get<Value: PostgresDecodable>(_ column: Int, as type: Value.Type = Value.self) throws(PostgresError) -> Value {
        try result.decode(row: index, column: column, as: type)
    }

    /// The value of the column named `name`, as `type`.
    public func get<Value: PostgresDecodable>(_ name: String, as type: Value.Type = Value.self) throws(PostgresError) -> Value {
        try result.decode(row: index, column: try result.columnIndex(name), as: type)
    }
}
